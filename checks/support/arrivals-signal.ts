import { nothingPending, QUIET_MS } from './app-activity.js';
import { currentCheck, outsideChecks } from './current-check.js';
import { deadlineScale, patientTimeout } from './pace.js';

/** How often a wait asks whether anything of its check is still pending. */
const QUIET_POLL_MS = 50;

/**
 * Lets a client under test wait for something it receives: `notify()` when
 * anything arrives, `until(ms, done)` to wait until `done()` holds or `ms`
 * pass. A wait also ends once nothing of its check is left that could bring
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

  until(ms: number, done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    const running = currentCheck();
    return new Promise((resolve) => {
      const finish = () => {
        timer.clear();
        if (quiet) clearInterval(quiet);
        this.waiters.delete(check);
        this.finishers.delete(finish);
        resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const timer = patientTimeout(finish, ms);
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
                finish();
              }, QUIET_POLL_MS),
            );
      this.waiters.add(check);
      this.finishers.add(finish);
    });
  }
}
