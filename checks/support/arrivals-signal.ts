import { nothingPending, QUIET_MS } from './app-activity.js';
import { currentCheck, outsideChecks } from './current-check.js';
import { deadlineScale, patientTimeout } from './pace.js';

/** How often a wait asks whether anything of its check is still pending. */
const QUIET_POLL_MS = 50;

/** How a wait ended: what it waited for came, its deadline passed, or the app had nothing left that could bring it. */
export type WaitEnd = 'met' | 'deadline' | 'quiet';

/**
 * The words for how long a missed wait waited, to follow "Expected … to receive 'x'": a wait that ended early
 * because the app went quiet must not claim it waited its whole deadline.
 */
export function waitedFor(within: number, end: WaitEnd): string {
  return end === 'quiet'
    ? `before the app went quiet (nothing of it was running, and no timer of it was due within ${within} ms)`
    : `within ${within} ms`;
}

/**
 * Lets a client under test wait for something it receives: `notify()` when
 * anything arrives, `until(ms, done)` to wait until `done()` holds or `ms`
 * pass, resolving with how the wait ended. A wait also ends once nothing of its check is left that could bring
 * anything (app-activity.ts): then `onQuiet` hears it. It never rejects: the
 * caller decides what a missed deadline means.
 */
export class ArrivalsSignal {
  private readonly waiters = new Set<() => void>();
  private readonly finishers = new Set<() => void>();

  constructor(private readonly onQuiet: (ms: number) => void = () => undefined) {}

  notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Ends every wait now (the client is closing), so no timer outlives it. */
  release(): void {
    for (const finish of this.finishers) finish();
  }

  until(ms: number, done: () => boolean): Promise<WaitEnd> {
    if (done()) return Promise.resolve('met');
    const running = currentCheck();
    return new Promise((resolve) => {
      const finish = (end: WaitEnd = done() ? 'met' : 'deadline') => {
        timer.clear();
        if (quiet) clearInterval(quiet);
        this.waiters.delete(check);
        this.finishers.delete(release);
        resolve(end);
      };
      const release = () => finish();
      const check = () => {
        if (done()) finish('met');
      };
      const timer = patientTimeout(() => finish(), ms);
      const scale = deadlineScale();
      const deadline = performance.now() + ms * scale;
      // Started outside the check, so that its own ticks are no activity of the check's.
      const quiet =
        running === undefined
          ? undefined
          : outsideChecks(() =>
              setInterval(() => {
                if (!nothingPending(running, deadline, QUIET_MS * scale)) return;
                // Like a missed deadline: on a busy machine the check runs again alone, with longer waits.
                running.missedDeadline = true;
                this.onQuiet(QUIET_MS * scale);
                finish(done() ? 'met' : 'quiet');
              }, QUIET_POLL_MS),
            );
      this.waiters.add(check);
      this.finishers.add(release);
    });
  }
}
