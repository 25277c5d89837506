import { createConnection, createServer } from 'node:net';
import { sleep } from './deadline.js';
import { UsageError } from '../cli/usage-error.js';

const POLL_MS = 15;

/** Whether something accepts a TCP connection on 127.0.0.1:port, within 500 ms. @param {number} port @returns {Promise<boolean>} */
export function isListening(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (/** @type {boolean} */ yes) => {
      socket.destroy();
      resolve(yes);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls until port is (or is no longer) listening. Resolves with the time it
 * happened (performance.now()), or undefined at the deadline or when `gaveUp()` says so.
 * @param {number} port @param {{ listening: boolean, deadlineMs: number, gaveUp?: () => boolean }} options
 * @returns {Promise<number | undefined>}
 */
export async function waitForPort(port, { listening, deadlineMs, gaveUp = () => false }) {
  const deadline = performance.now() + deadlineMs;
  while (performance.now() < deadline && !gaveUp()) {
    if ((await isListening(port)) === listening) return performance.now();
    await sleep(POLL_MS);
  }
  return undefined;
}

/** A port nobody listens on right now, on every interface (the way Nest's listen(port) binds). @returns {Promise<number>} */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether `port` is free on every interface, the way Nest's listen(port) binds.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/**
 * A port number from the environment (PORT, COURSE_PORT), or `fallback` when it is unset or empty.
 * @param {string} name @param {string | undefined} value @param {number} fallback
 * @param {number} [max] 65535, less when the caller also uses the ports after it
 * @returns {number}
 */
export function parsePort(name, value, fallback, max = 65535) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > max) {
    throw new UsageError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return port;
}
