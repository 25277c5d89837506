import type { CheckResult } from './check-report.js';

/** How many checks of a lesson run at the same time: most of a check's time is spent waiting on sockets. */
const AT_ONCE = Number(process.env.COURSE_CHECKS_AT_ONCE) || 6;

/**
 * A lesson's checks that may run at the same time as each other. They all run inside the Jest test of the
 * first of them: Jest refuses an import() (Nest does some at every boot) from code that runs while no
 * test of its own is running, which would happen to a check that outlives the test that started it.
 */
interface GroupedCheck<First> {
  run: () => Promise<First>;
  /** A second run, alone, when the first calls for one (undefined: the first stands). */
  again: (first: First) => (() => Promise<CheckResult>) | undefined;
  settle: (result: CheckResult) => CheckResult;
}

export class SideBySide<First extends { result: CheckResult }> {
  private readonly checks: GroupedCheck<First>[] = [];
  private readonly results: CheckResult[] = [];
  private everyCheck: Promise<void> | undefined;

  /**
   * Adds a check to the group; returns its place, for `resultOf`. `settle` hears each final result as soon
   * as it is known; checks that run `again` do so one at a time after the whole group.
   */
  add(
    run: GroupedCheck<First>['run'],
    again: GroupedCheck<First>['again'],
    settle: GroupedCheck<First>['settle'],
  ): number {
    return this.checks.push({ run, again, settle }) - 1;
  }

  /** Runs the whole group the first time it is asked, and returns one check's result once every check is done. */
  async resultOf(place: number): Promise<CheckResult> {
    this.everyCheck ??= this.runAll();
    await this.everyCheck;
    return this.results[place];
  }

  private async runAll(): Promise<void> {
    let next = 0;
    const alone: { place: number; rerun: () => Promise<CheckResult> }[] = [];
    const worker = async (): Promise<void> => {
      while (next < this.checks.length) {
        const place = next++;
        const first = await this.checks[place].run();
        const rerun = this.checks[place].again(first);
        if (rerun === undefined) this.results[place] = this.checks[place].settle(first.result);
        else alone.push({ place, rerun });
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, this.checks.length) }, worker));
    alone.sort((a, b) => a.place - b.place);
    for (const { place, rerun } of alone) this.results[place] = this.checks[place].settle(await rerun());
  }
}
