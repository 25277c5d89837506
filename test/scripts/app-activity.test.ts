import { expect, test } from '@jest/globals';
import { createRequire } from 'node:module';
import { nothingPending, startActivityWatch } from '../../checks/support/app-activity.js';
import { ArrivalsSignal, waitedFor } from '../../checks/support/arrivals-signal.js';
import { runAsCheck, type RunningCheck } from '../../checks/support/current-check.js';
import { Transcript } from '../../checks/support/transcript.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function aCheck(title: string): RunningCheck {
  return { title, transcript: new Transcript(), alone: undefined, startedAt: performance.now() };
}

/** Runs `body` as the check's code, and returns at once: what it leaves pending goes on in the check's context. */
function inCheck<T>(check: RunningCheck, body: () => T): Promise<T> {
  return runAsCheck(check, async () => body());
}

test("a check's wait can end once nothing of it ran for a while and none of its timers is due", async () => {
  startActivityWatch();
  const check = aCheck('quiet');
  const timer = await inCheck(check, () => setTimeout(() => undefined, 10_000));
  await pause(80);
  expect(nothingPending(check, performance.now() + 1000, 50)).toBe(true);
  // A timer due before the wait's deadline could still bring something.
  expect(nothingPending(check, performance.now() + 20_000, 50)).toBe(false);
  clearTimeout(timer);
  expect(nothingPending(check, performance.now() + 20_000, 50)).toBe(true);
});

test("an interval keeps a check from being quiet, and another check's timers are not its", async () => {
  startActivityWatch();
  const check = aCheck('beating');
  const beat = await inCheck(check, () => setInterval(() => undefined, 200));
  await pause(80);
  expect(nothingPending(check, performance.now() + 1000, 50)).toBe(false);
  // Each beat is code of the check that runs.
  await pause(150);
  expect(nothingPending(check, performance.now() + 100, 50)).toBe(false);
  clearInterval(beat);
  const other = aCheck('other');
  const timer = await inCheck(other, () => setTimeout(() => undefined, 100));
  await pause(80);
  expect(nothingPending(check, performance.now() + 1000, 50)).toBe(true);
  expect(nothingPending(other, performance.now() + 1000, 50)).toBe(false);
  clearTimeout(timer);
});

test("node:timers and node:timers/promises' timers are the check's too", async () => {
  startActivityWatch();
  const load = createRequire(import.meta.url);
  const timers = load('node:timers') as typeof import('node:timers');
  const promises = load('node:timers/promises') as typeof import('node:timers/promises');
  const check = aCheck('core timers');
  const timer = await inCheck(check, () => timers.setTimeout(() => undefined, 300));
  const { waited } = await inCheck(check, () => ({ waited: promises.setTimeout(500) }));
  await pause(80);
  timers.clearTimeout(timer);
  expect(nothingPending(check, performance.now() + 1000, 50)).toBe(false);
  await waited;
  await pause(80);
  expect(nothingPending(check, performance.now() + 1000, 50)).toBe(true);
});

test('a wait says how it ended, and one ended by a quiet app does not claim its whole deadline', async () => {
  startActivityWatch();
  const check = aCheck('ends early');
  const signal = new ArrivalsSignal();
  const started = performance.now();
  const end = await runAsCheck(check, () => signal.until(10_000, () => false));
  expect(end).toBe('quiet');
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(waitedFor(10_000, end)).not.toContain('within 10000 ms,');
  expect(waitedFor(10_000, end)).toMatch(/^before the app went quiet/);
  let arrived = false;
  const met = runAsCheck(check, () => signal.until(10_000, () => arrived));
  arrived = true;
  signal.notify();
  expect(await met).toBe('met');
  expect(await signal.until(30, () => false)).toBe('deadline');
  expect(waitedFor(30, 'deadline')).toBe('within 30 ms');
});
