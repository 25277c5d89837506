import { patientTimeout } from './pace.js';

/**
 * Lets a client under test wait for something it receives: `notify()` when
 * anything arrives, `until(ms, done)` to wait until `done()` holds or `ms`
 * pass. It never rejects: the caller decides what a missed deadline means.
 */
export class ArrivalsSignal {
  private readonly waiters = new Set<() => void>();
  private readonly finishers = new Set<() => void>();

  notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Ends every wait now (the client is closing), so no timer outlives it. */
  release(): void {
    for (const finish of this.finishers) finish();
  }

  until(ms: number, done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        timer.clear();
        this.waiters.delete(check);
        this.finishers.delete(finish);
        resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const timer = patientTimeout(finish, ms);
      this.waiters.add(check);
      this.finishers.add(finish);
    });
  }
}
