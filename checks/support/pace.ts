/**
 * How fast this process runs right now, and deadlines that follow it.
 *
 * A check's app runs in this process, so when the machine is busy (other programs, or the lesson's other
 * checks booting their apps side by side) the app answers late through no fault of its own. A sampler
 * ticks every few ms and records how late each tick ran: that lateness is time the process could not
 * use. A patient deadline does not count it: it expires once the wait has had its full time of a
 * process that could run, or once it has waited MAX_STRETCH times as long, whichever comes first.
 * On an idle machine the ticks are on time and a deadline expires when it says.
 */

import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { currentCheck } from './current-check.js';

// Taken when the harness loads: a check may replace the globals to watch the app's timers.
const { setTimeout: startTimer, clearTimeout: stopTimer, setInterval: startInterval } = globalThis;

const TICK_MS = 20;
/** A patient deadline waits at most this many times its own length, however busy the machine. */
const MAX_STRETCH = 20;
const KEPT_TICKS = 3000; // one minute of ticks at TICK_MS

interface Tick {
  at: number;
  late: number;
}

const ticks: Tick[] = [];
let sampler: NodeJS.Timeout | undefined;
let scale = 1;
let armed = 0;

/** Starts the sampler (once per process); it never keeps the process alive. */
export function startPaceSampler(): void {
  if (sampler) return;
  let due = performance.now() + TICK_MS;
  sampler = startInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - due);
    due = now + TICK_MS;
    if (late > 1) {
      ticks.push({ at: now, late });
      if (ticks.length > KEPT_TICKS) ticks.splice(0, ticks.length - KEPT_TICKS);
    }
  }, TICK_MS);
  sampler.unref();
}

/** The time in ms this process could not run between `from` and `to` (performance.now() times). */
export function lostBetween(from: number, to: number): number {
  let lost = 0;
  for (let i = ticks.length - 1; i >= 0; i -= 1) {
    const tick = ticks[i];
    if (tick.at <= from) break;
    // A late tick stands for the time it waited; count only the part inside the window.
    if (tick.at <= to) lost += Math.min(tick.late, tick.at - from);
  }
  return lost;
}

/** The share of the time between `from` and now that this process could not run (0 idle, near 1 starved). */
export function busyShare(from: number, to = performance.now()): number {
  const span = to - from;
  return span <= 0 ? 0 : Math.min(1, lostBetween(from, to) / span);
}

/** Every deadline is this many times longer: 1, or more while a check that missed one runs again alone. */
export function deadlineScale(): number {
  return scale;
}

/** Runs `body` with every deadline `factor` times longer (only ever for a check running alone). */
export async function withDeadlineScale<T>(factor: number, body: () => Promise<T>): Promise<T> {
  const before = scale;
  scale = factor;
  try {
    return await body();
  } finally {
    scale = before;
  }
}

/** Marks the running check as depending on time: if it fails while the machine is busy, it runs again alone. */
export function markTimeSensitive(): void {
  const check = currentCheck();
  if (check) check.timeSensitive = true;
}

export interface Stopwatch {
  /** ms since it started. */
  wall(): number;
  /** ms since it started that this process could run: what the app itself took, on a busy machine too. */
  patient(): number;
}

/** Times something the check asserts on, and so marks it time-sensitive (unless `mark` is false). */
export function stopwatch({ mark = true } = {}): Stopwatch {
  if (mark) markTimeSensitive();
  const started = performance.now();
  return {
    wall: () => Math.round(performance.now() - started),
    patient: () => {
      const now = performance.now();
      return Math.round(Math.max(0, now - started - lostBetween(started, now)));
    },
  };
}

export interface PatientTimer {
  /** Stops it; `onExpire` will not run. */
  clear(): void;
}

/**
 * Calls `onExpire` once `ms` (times the deadline scale) of time this process could run have passed,
 * and at most MAX_STRETCH times that much wall time. The timer never outlives the wait.
 */
export function patientTimeout(onExpire: () => void, ms: number): PatientTimer {
  const started = performance.now();
  const budget = ms * scale;
  const check = currentCheck();
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let armedFor = 0;
  let armedAt = started;
  const arm = (delay: number) => {
    armedAt = performance.now();
    armedFor = delay;
    pending = true;
    armed += 1;
    timer = startTimer(fire, delay);
  };
  const fire = () => {
    pending = false;
    armed -= 1;
    const now = performance.now();
    // This timer's own lateness is time lost too, though no sampler tick has recorded it yet.
    const lost = Math.max(lostBetween(started, now), now - armedAt - armedFor);
    const until = Math.min(budget + lost, budget * MAX_STRETCH);
    const left = until - (now - started);
    if (left > 1) {
      arm(left);
      return;
    }
    if (check) check.missedDeadline = true;
    onExpire();
  };
  arm(budget);
  return {
    clear: () => {
      if (pending) armed -= 1;
      pending = false;
      stopTimer(timer);
    },
  };
}

/** How many patient timers are armed right now: the harness's own, which a count of the app's timers leaves out. */
export function armedPatientTimers(): number {
  return armed;
}

/** A promise that resolves after `ms` of patient time (for a poll's pause, not for a check's own waits). */
export function patientDelay(ms: number): Promise<void> {
  return new Promise((resolve) => patientTimeout(resolve, ms));
}

/** A moment to measure the machine's load from, with `machineBusySince`. */
export interface PaceMark {
  at: number;
  /** ms this process's main thread had waited for a CPU (Linux), or undefined elsewhere. */
  waited: number | undefined;
}

export function paceMark(): PaceMark {
  return { at: performance.now(), waited: runQueueWaitMs() };
}

/**
 * The share of the time since `mark` that this process's main thread was ready to run but waited for a
 * CPU, because other programs had them (Linux; elsewhere the load average against the CPU count, as 0
 * or 1). The patient deadlines cannot see all of that (a login's hash in libuv's threads, a Redis server
 * in its own process), so a check that missed a deadline while it is high is run again alone.
 */
export function machineBusySince(mark: PaceMark): number {
  const span = performance.now() - mark.at;
  const waited = runQueueWaitMs();
  if (mark.waited !== undefined && waited !== undefined)
    return span <= 0 ? 0 : Math.min(1, (waited - mark.waited) / span);
  return loadavg()[0] > cpus().length ? 1 : 0;
}

function runQueueWaitMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // "time on the CPU, time waiting on a run queue, time slices", in nanoseconds
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return undefined;
  }
}
