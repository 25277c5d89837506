import type { CheckResult } from './check-report.js';

/** How many checks of a lesson run at the same time: most of a check's time is spent waiting on sockets. */
const AT_ONCE = Number(process.env.COURSE_CHECKS_AT_ONCE) || 6;

/** One check as the schedule runs it. */
export interface ScheduledCheck<First> {
  run: () => Promise<First>;
  /** A second run, alone, when the first calls for one (undefined: the first stands). */
  again: (first: First) => (() => Promise<CheckResult>) | undefined;
  /** Hears the final result as soon as it is known. */
  settle: (result: CheckResult) => CheckResult;
  /** It must run with no other check beside it. */
  alone: boolean;
  /** It must not run beside the group, but may beside the checks apart for the same reason. */
  apart?: string;
  task: number | undefined;
  title: string;
}

export interface ScheduleOptions {
  /** Run this task's checks before the others, and say so with `onFirstTaskDone` once they are settled. */
  firstTask?: number;
  /** Hears the titles of the first task's checks, in the order they are declared, once all are settled. */
  onFirstTaskDone?: (titles: string[]) => void;
  /** How long a check took last time, by its title: the longest of a group start first. */
  expectedMs?: (title: string) => number | undefined;
  /** Hears how long each check's first run took, once every check is done. */
  onFinished?: (ms: Map<string, number>) => void;
}

/**
 * The order a lesson's checks run in, all inside the Jest test of the first of them: Jest refuses an import()
 * (Nest does some at every boot) from code that runs while no test of its own is running, which would happen
 * to a check that outlives the test that started it.
 *
 * The checks that may run beside others run side by side, AT_ONCE at a time; a check declared `alone` runs
 * with nothing beside it, before the group when it is declared before every check of the group, else after
 * it. The checks `apart` for one reason run at once, before everything else. A check whose first run calls
 * for a second one runs it alone, after its group. With `firstTask`, that task's checks run this way first,
 * then the others.
 */
export class CheckSchedule<First extends { result: CheckResult }> {
  private readonly checks: ScheduledCheck<First>[] = [];
  private readonly results: CheckResult[] = [];
  private readonly firstRunMs = new Map<string, number>();
  private everyCheck: Promise<void> | undefined;

  constructor(private readonly options: ScheduleOptions = {}) {}

  /** Adds a check; returns its place, for `resultOf`. */
  add(check: ScheduledCheck<First>): number {
    return this.checks.push(check) - 1;
  }

  /** Runs every check the first time it is asked, and returns one check's result once all are done. */
  async resultOf(place: number): Promise<CheckResult> {
    this.everyCheck ??= this.runAll();
    await this.everyCheck;
    return this.results[place];
  }

  private async runAll(): Promise<void> {
    const places = this.checks.map((_, place) => place);
    const { firstTask, onFirstTaskDone } = this.options;
    const first = firstTask === undefined ? [] : places.filter((place) => this.checks[place].task === firstTask);
    if (first.length > 0) {
      await this.runPart(first);
      onFirstTaskDone?.(first.map((place) => this.checks[place].title));
    }
    await this.runPart(places.filter((place) => !first.includes(place)));
    this.options.onFinished?.(this.firstRunMs);
  }

  /** Some of the checks, in the order they are declared: the alone ones before the group, the group, the others. */
  private async runPart(places: number[]): Promise<void> {
    const apart = places.filter((place) => this.checks[place].apart !== undefined);
    const group = places.filter((place) => !this.checks[place].alone && !apart.includes(place));
    const alone = places.filter((place) => this.checks[place].alone);
    const before = alone.filter((place) => group.length === 0 || place < group[0]);
    const after = alone.filter((place) => !before.includes(place));
    for (const reason of new Set(apart.map((place) => this.checks[place].apart)))
      await this.runGroup(apart.filter((place) => this.checks[place].apart === reason));
    for (const place of before) await this.runAlone(place);
    await this.runGroup(group);
    for (const place of after) await this.runAlone(place);
  }

  private async runAlone(place: number): Promise<void> {
    const check = this.checks[place];
    const first = await this.firstRun(place);
    const rerun = check.again(first);
    this.results[place] = check.settle(rerun ? await rerun() : first.result);
  }

  private async runGroup(places: number[]): Promise<void> {
    const expected = (place: number) => this.options.expectedMs?.(this.checks[place].title) ?? 0;
    // Longest first, so that no long check starts last and holds the run up alone; the others as declared.
    const queue = [...places].sort((a, b) => expected(b) - expected(a) || a - b);
    const again: { place: number; rerun: () => Promise<CheckResult> }[] = [];
    const worker = async (): Promise<void> => {
      for (let place = queue.shift(); place !== undefined; place = queue.shift()) {
        const check = this.checks[place];
        const first = await this.firstRun(place);
        const rerun = check.again(first);
        if (rerun === undefined) this.results[place] = check.settle(first.result);
        else again.push({ place, rerun });
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, queue.length) }, worker));
    again.sort((a, b) => a.place - b.place);
    for (const { place, rerun } of again) this.results[place] = this.checks[place].settle(await rerun());
  }

  private async firstRun(place: number): Promise<First> {
    const first = await this.checks[place].run();
    this.firstRunMs.set(this.checks[place].title, first.result.ms);
    return first;
  }
}
