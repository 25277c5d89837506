import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transcript } from './transcript.js';

/** What the harness knows of a check while it runs, wherever the app's code happens to be running. */
export interface RunningCheck {
  title: string;
  transcript: Transcript;
  /** Why the check runs with no other check beside it, or undefined when it runs with others. */
  alone: string | undefined;
  /** Set when one of the check's waits ran out of time: a failure may then be the machine's, not the app's. */
  missedDeadline?: boolean;
  /** Set when the check depends on time (a wait, a stopwatch, a token about to expire): a busy machine can fail it. */
  timeSensitive?: boolean;
  /** When it started, and when any of its code (or its apps' code) last ran (performance.now(); app-activity.ts). */
  startedAt?: number;
  lastActivity?: number;
}

// Checks run side by side in one process. Every app a check boots is created inside the check's async
// context, so its sockets, timers and log lines carry the check with them.
const storage = new AsyncLocalStorage<RunningCheck>();
const running = new Set<RunningCheck>();

export function runAsCheck<T>(check: RunningCheck, body: () => Promise<T>): Promise<T> {
  running.add(check);
  return storage.run(check, body).finally(() => running.delete(check));
}

/** The check whose code (or whose app's code) is running now; undefined outside any check. */
export function currentCheck(): RunningCheck | undefined {
  return storage.getStore();
}

/** Runs `body` outside every check: what it starts (a timer) is no check's activity. */
export function outsideChecks<T>(body: () => T): T {
  return storage.exit(body);
}

/** Every check running at this moment. */
export function runningChecks(): RunningCheck[] {
  return [...running];
}

/**
 * For helpers that read or change what the whole process shares (its timers, its clock, its sockets):
 * such a check must run alone, or the other checks would disturb it.
 */
export function requireAlone(what: string): void {
  const check = currentCheck();
  if (check && check.alone === undefined) {
    throw new Error(
      `The check "${check.title}" ${what}, which other checks running at the same time would disturb: ` +
        "declare it with alone: '<why>' in its spec.",
    );
  }
}
