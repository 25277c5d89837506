import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stopChild } from './child-process.js';
import { onHostExit } from './host-exit.js';
import { wallClockTimer } from './deadline.js';
import { findFreePort } from './ports.js';

const START_DEADLINE_MS = 5000;
const STOP_DEADLINE_MS = 3000;
const POLL_MS = 20;
/** How many free ports a start tries when the one it found is taken before redis-server binds it. */
const PORT_ATTEMPTS = 5;

/** @type {boolean | undefined} */
let found;
/**
 * Whether `redis-server` runs on this machine. Asked once per process: spawnSync
 * blocks everything else the process is doing (checks running side by side).
 */
export function hasRedisServer() {
  found ??= spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  return found;
}

/**
 * A redis-server of the course's own (the checks', the bench's, the page
 * tests'), on a free loopback port, saving nothing to disk. It can be
 * stopped and started again on the same port; it is stopped by its PID, and
 * killed when this process exits.
 */
export class PrivateRedis {
  /**
   * @typedef {object} PrivateRedisOptions
   * @property {(message: string) => Error} [failure] how a failure to start is reported
   * @property {import('./deadline.js').StartTimer} [startTimer] what counts the start and stop deadlines
   *   (the checks pass one that does not count the time a busy machine kept them from running)
   * @property {number} [startDeadlineMs] how long it may take to answer PING
   * @property {() => Promise<number>} [findPort] where a free loopback port comes from
   */
  /**
   * @param {PrivateRedisOptions} [options]
   * @returns {Promise<PrivateRedis>}
   */
  static async start({
    failure = (message) => new Error(message),
    startTimer = wallClockTimer,
    startDeadlineMs = START_DEADLINE_MS,
    findPort = findFreePort,
  } = {}) {
    for (let attempt = 1; ; attempt += 1) {
      const dir = await mkdtemp(path.join(tmpdir(), 'course-redis-'));
      const redis = new PrivateRedis(await findPort(), dir, failure, startTimer, startDeadlineMs);
      redis.forgetExit = onHostExit(redis.killOnExit);
      try {
        await redis.start();
        return redis;
      } catch (error) {
        // A port found free can be taken before redis-server binds it (another process's connection may get
        // it as its own end): that is no fault of the machine's Redis, so another port is tried.
        const taken = redis.output.includes('Address already in use');
        await redis.close();
        if (!taken || attempt === PORT_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * @param {number} port @param {string} dir @param {(message: string) => Error} failure
   * @param {import('./deadline.js').StartTimer} [startTimer] @param {number} [startDeadlineMs]
   */
  constructor(port, dir, failure, startTimer = wallClockTimer, startDeadlineMs = START_DEADLINE_MS) {
    this.port = port;
    this.dir = dir;
    this.failure = failure;
    this.startTimer = startTimer;
    this.startDeadlineMs = startDeadlineMs;
    this.url = `redis://127.0.0.1:${port}`;
    this.description = `a private redis-server on port ${port}`;
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
    this.output = '';
    this.frozen = false;
    this.killOnExit = () => this.child?.kill('SIGKILL');
    this.forgetExit = () => {};
  }

  /** Starts the server (again, on the same port) and waits until it answers PING. */
  async start() {
    if (this.child) return;
    this.output = '';
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--dir',
        this.dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (/** @type {Buffer} */ chunk) => (this.output = (this.output + chunk.toString()).slice(-2000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    /** @type {Promise<never>} */
    const spawnFailed = new Promise((_, reject) => {
      child.once('error', (error) => reject(this.failure(`Could not start redis-server: ${error.message}`)));
      child.once('exit', (code, signal) =>
        reject(
          this.failure(
            `redis-server exited (${signal ?? `code ${code}`}) before answering PING on port ${this.port}:\n${this.output.trim()}`,
          ),
        ),
      );
    });
    spawnFailed.catch(() => undefined);
    const giveUp = new AbortController();
    try {
      await Promise.race([
        waitForPong(this.port, this.startDeadlineMs, this.failure, this.startTimer, giveUp.signal),
        spawnFailed,
      ]);
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      // A server that exited is not asked again: the poll ends with it, its timers and sockets too.
      giveUp.abort();
    }
  }

  /**
   * Freezes the server (SIGSTOP): its connections stay open and every command waits unanswered, as
   * with a Redis that hangs. thaw() resumes it; stop() and the exit of this process resume it too.
   */
  freeze() {
    if (!this.child) throw new Error(`redis-server on port ${this.port} is not running: there is nothing to freeze`);
    this.child.kill('SIGSTOP');
    this.frozen = true;
  }

  /** Resumes a frozen server (SIGCONT); a no-op when it is not frozen. */
  thaw() {
    if (this.frozen) this.child?.kill('SIGCONT');
    this.frozen = false;
  }

  /** Stops the server; the port stays its own for start(). */
  async stop() {
    // A stopped process holds a SIGTERM until it runs again.
    this.thaw();
    const child = this.child;
    await stopChild(child, STOP_DEADLINE_MS, 'SIGTERM', this.startTimer);
    if (this.child === child) this.child = undefined;
  }

  /** Stops the server and removes its directory. */
  async close() {
    await this.stop();
    this.forgetExit();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Resolves once redis-server on `port` answers PING with PONG; stops asking once `signal` aborts.
 * @param {number} port @param {number} deadlineMs @param {(message: string) => Error} failure
 * @param {import('./deadline.js').StartTimer} startTimer @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
function waitForPong(port, deadlineMs, failure, startTimer, signal) {
  let expired = false;
  const stopDeadline = startTimer(() => (expired = true), deadlineMs);
  /** @type {Promise<void>} */
  const answered = new Promise((resolve, reject) => {
    const attempt = () => {
      if (signal.aborted) {
        reject(failure(`redis-server on port ${port} was no longer waited for`));
        return;
      }
      const socket = createConnection({ host: '127.0.0.1', port });
      let reply = '';
      let settled = false;
      const finish = (/** @type {boolean} */ answered) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', giveUp);
        socket.destroy();
        if (answered) resolve();
        else if (expired) reject(failure(`redis-server on port ${port} did not answer PING within ${deadlineMs} ms`));
        else setTimeout(attempt, POLL_MS);
      };
      const giveUp = () => finish(false);
      signal.addEventListener('abort', giveUp, { once: true });
      socket.setTimeout(500, () => finish(false));
      socket.once('error', () => finish(false));
      socket.once('close', () => finish(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
      });
    };
    attempt();
  });
  return answered.finally(stopDeadline);
}
