import type { CheckResult } from './check-report.js';

/** How many checks of a lesson run at the same time: most of a check's time is spent waiting on sockets. */
const AT_ONCE = Number(process.env.COURSE_CHECKS_AT_ONCE) || 6;

/**
 * A lesson's checks that may run at the same time as each other. They all run inside the Jest test of the
 * first of them: Jest refuses an import() (Nest does some at every boot) from code that runs while no
 * test of its own is running, which would happen to a check that outlives the test that started it.
 */
export class SideBySide {
  private readonly checks: (() => Promise<CheckResult>)[] = [];
  private readonly results: Promise<CheckResult>[] = [];
  private everyCheck: Promise<void> | undefined;

  /** Adds a check to the group; returns its place, for `resultOf`. */
  add(run: () => Promise<CheckResult>): number {
    return this.checks.push(run) - 1;
  }

  /** Runs the whole group the first time it is asked, and returns one check's result once every check is done. */
  async resultOf(place: number): Promise<CheckResult> {
    this.everyCheck ??= this.runAll();
    await this.everyCheck;
    return this.results[place];
  }

  private async runAll(): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < this.checks.length) {
        const place = next++;
        this.results[place] = this.checks[place]();
        await this.results[place];
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, this.checks.length) }, worker));
  }
}
