import { wallClockTimer } from './deadline.js';

/**
 * Stops a child process the course started: SIGTERM (or `signal`), then
 * SIGKILL when it is still there after `graceMs` (as `startTimer` counts it).
 * Resolves once it has exited.
 * @param {import('node:child_process').ChildProcess | undefined} child
 * @param {number} [graceMs]
 * @param {NodeJS.Signals} [signal]
 * @param {import('./deadline.js').StartTimer} [startTimer]
 * @returns {Promise<void>}
 */
export async function stopChild(child, graceMs = 3000, signal = 'SIGTERM', startTimer = wallClockTimer) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const stopTimer = startTimer(() => child.kill('SIGKILL'), graceMs);
  await exited;
  stopTimer();
}
