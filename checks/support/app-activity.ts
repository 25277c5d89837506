/**
 * What a check's apps could still do. A check's apps run in this process, in the check's async context
 * (current-check.ts), so the harness can tell when the last piece of the check's code ran (an async hook's
 * `before`: a socket's data, a Redis reply, a timer, a promise going on) and which timers the check's code
 * has set (setTimeout and setInterval of the globals and of node:timers, and the setTimeout of
 * node:timers/promises, as the app and its libraries call them). When nothing of the check has run for a
 * while and none of its timers is due before a wait's deadline, nothing is left that could bring what the
 * wait waits for: the wait may end at once instead of at its deadline. That is what makes a red run fast:
 * a starter answers nothing, and nothing is pending. Work in Node's thread pool (a hash) is not seen.
 */

import { createHook } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { currentCheck, type RunningCheck } from './current-check.js';
import { lostBetween } from './pace.js';

/** Quiet for this long (time the process could run), with no timer due: nothing more will come. */
export const QUIET_MS = 250;
/** A timer due this soon after a wait's deadline still counts as pending. */
const DUE_MARGIN_MS = 50;
/** A setTimeout still on record this long after it was due was cleared by its id: forget it. */
const STALE_MS = 60_000;

interface ArmedTimer {
  check: RunningCheck;
  /** When it is due next (performance.now() time); a refresh() makes it later, never earlier. */
  due: number;
  period?: number;
}

type Timers = Pick<typeof globalThis, 'setTimeout' | 'setInterval' | 'clearTimeout' | 'clearInterval'>;

const armed = new Map<unknown, ArmedTimer>();
let watching = false;

/** Starts watching (once per process): the async hook, and the timer functions the apps call. */
export function startActivityWatch(): void {
  if (watching) return;
  watching = true;
  createHook({
    before() {
      const check = currentCheck();
      if (check) check.lastActivity = performance.now();
    },
  }).enable();
  // The lesson's code and its libraries call the globals, or node:timers (engine.io does), or await
  // node:timers/promises. Patched before the app loads, so that its imports see the watched ones.
  const load = createRequire(import.meta.url);
  for (const target of new Set<Timers>([globalThis, load('node:timers') as Timers])) watchTimers(target);
  watchTimerPromises(load('node:timers/promises') as { setTimeout: TimerPromise });
}

type TimerPromise = (ms?: number, value?: unknown, options?: unknown) => Promise<unknown>;

/** Whether the check's code has been quiet for `quietMs` and none of its timers is due before `until`. */
export function nothingPending(check: RunningCheck, until: number, quietMs: number): boolean {
  const now = performance.now();
  const since = check.lastActivity ?? check.startedAt ?? now;
  if (now - since - lostBetween(since, now) < quietMs) return false;
  for (const [timer, entry] of armed) {
    if (entry.check !== check) continue;
    if (entry.period === undefined && entry.due < now - STALE_MS) armed.delete(timer);
    else if (entry.due <= until + DUE_MARGIN_MS) return false;
  }
  return true;
}

/** What a transcript says of a wait that ended because nothing of its check was left to bring anything. */
export function quietNote(name: string, ms: number): string {
  return `${name} (nothing of this check ran for ${ms} ms and none of its timers was due before the deadline: the wait ends)`;
}

/** Forgets the timers of a check that ended (those its apps left behind run on, but no wait of it is left). */
export function forgetTimers(check: RunningCheck): void {
  for (const [timer, entry] of armed) if (entry.check === check) armed.delete(timer);
}

function watchTimers(target: Timers): void {
  const { setTimeout: realSetTimeout, setInterval: realSetInterval } = target;
  const { clearTimeout: realClearTimeout, clearInterval: realClearInterval } = target;
  const setTimeout = function (callback: unknown, ms?: number, ...args: unknown[]) {
    const check = currentCheck();
    if (!check || typeof callback !== 'function') return realSetTimeout(callback as () => void, ms, ...args);
    const timer = realSetTimeout(
      function (this: unknown, ...given: unknown[]) {
        armed.delete(timer);
        return (callback as (...a: unknown[]) => unknown).apply(this, given);
      },
      ms,
      ...args,
    );
    armed.set(timer, { check, due: performance.now() + delayOf(ms) });
    return timer;
  };
  const setInterval = function (callback: unknown, ms?: number, ...args: unknown[]) {
    const check = currentCheck();
    if (!check || typeof callback !== 'function') return realSetInterval(callback as () => void, ms, ...args);
    const entry: ArmedTimer = { check, due: performance.now() + delayOf(ms), period: delayOf(ms) };
    const timer = realSetInterval(
      function (this: unknown, ...given: unknown[]) {
        entry.due = performance.now() + (entry.period ?? 0);
        return (callback as (...a: unknown[]) => unknown).apply(this, given);
      },
      ms,
      ...args,
    );
    armed.set(timer, entry);
    return timer;
  };
  // Either clears either kind, as Node's do.
  const clear = (real: (timer?: never) => void) =>
    function (timer?: unknown) {
      armed.delete(timer);
      real(timer as never);
    };
  Object.defineProperty(setTimeout, promisify.custom, {
    value: (realSetTimeout as unknown as Record<symbol, unknown>)[promisify.custom],
  });
  target.setTimeout = setTimeout as typeof globalThis.setTimeout;
  target.setInterval = setInterval as typeof globalThis.setInterval;
  target.clearTimeout = clear(realClearTimeout) as typeof globalThis.clearTimeout;
  target.clearInterval = clear(realClearInterval) as typeof globalThis.clearInterval;
}

function watchTimerPromises(target: { setTimeout: TimerPromise }): void {
  const real = target.setTimeout;
  target.setTimeout = function (ms?: number, value?: unknown, options?: unknown) {
    const check = currentCheck();
    if (!check) return real(ms, value, options);
    const key = {};
    armed.set(key, { check, due: performance.now() + delayOf(ms) });
    return real(ms, value, options).finally(() => armed.delete(key));
  };
}

/** The delay Node gives a timer: 1 ms for anything that is not a number from 1 to 2^31 − 1. */
function delayOf(ms: unknown): number {
  const delay = Number(ms);
  return delay >= 1 && delay <= 2 ** 31 - 1 ? delay : 1;
}
