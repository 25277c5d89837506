import { afterAll, beforeAll, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { parseTasks, type Task } from '../../scripts/lib/course/catalog.js';
import { preloadApp, REPO_ROOT, type Tree } from './app-under-test.js';
import { AppLog } from './app-log.js';
import { forgetTimers, startActivityWatch } from './app-activity.js';
import { CheckFailure, CheckSkipped, CheckTimeout, failureKindOf, type FailureKind } from './check-failure.js';
import { CheckContext } from './check-context.js';
import { withDeadline } from './deadline.js';
import { CheckReport, type CheckResult } from './check-report.js';
import { runAsCheck, type RunningCheck } from './current-check.js';
import { machineBusySince, paceMark, startPaceSampler, withDeadlineScale } from './pace.js';
import { CheckSchedule } from './check-schedule.js';
import { CheckTimes } from './check-times.js';

export interface CheckSpec {
  /** The number of the lesson README's "Your tasks" item this check proves; baseline checks have none. */
  task?: number;
  /**
   * Hints in three tiers: (1) what is missing and where it belongs, with the docs link that teaches
   * it; (2) the APIs and decorators by name; (3) a sketch close to code. A failure shows the first;
   * `npm run hint` reveals one more per call.
   */
  hint: string[];
  /** A baseline check passes on the untouched starter too (at most a third of a lesson's checks). */
  baseline?: boolean;
  /** The whole check's deadline in ms (default 10000). */
  within?: number;
  /**
   * Why the check must run with no other check beside it: it reads or changes what the whole process
   * shares (the count of its timers or sockets, the clock, Math.random, process.env). Without it, the
   * check runs at the same time as the lesson's other checks.
   */
  alone?: string;
  /**
   * Why the check must not run beside the lesson's other checks, though it may beside those apart for the
   * same reason (logins whose hash keeps a core busy: they slow each other, and nothing they time).
   */
  apart?: string;
}

export type CheckBody = (t: CheckContext) => Promise<void>;

/**
 * How checks run. `pass`: a check passes when the app behaves (the learner's
 * and the instructor's view). `starter`: the self-test's view of an untouched
 * starter, where a check passes when it is a baseline check that passes, or
 * any other check that fails with a plain assertion (not a crash or a timeout).
 */
interface CourseMode {
  tree: Tree;
  expect: 'pass' | 'starter';
}

const DEFAULT_DEADLINE_MS = 10_000;

// The self-test's per-task proof only needs the first failing check: the rest are reported unrun.
const stopAtFirstFailure = process.env.COURSE_STOP_AT_FIRST_FAILURE === '1';
// The per-task proof wants the first failure in declaration order, and an error the app left unhandled can
// only be pinned on the check that caused it when no other check runs: then every check runs in turn.
const oneAtATime = stopAtFirstFailure || process.env.COURSE_ONE_AT_A_TIME === '1';
let earlierFailure = false;
// `npm run check` runs the checks of the task the learner works on first (COURSE_FIRST_TASK), and says when they are done.
const firstTask = Number(process.env.COURSE_FIRST_TASK) || undefined;
const PRELOAD_DEADLINE_MS = 120_000;
// Each check has its own deadlines, patient ones (pace.ts) that stretch on a busy machine; the Jest test
// around them only stops a run that hangs for good.
const JEST_DEADLINE_MS = 15 * 60_000;
/**
 * A check that missed a deadline while the machine was busy runs once more, alone and with every deadline
 * this many times longer, before its failure counts: slow is fine, wrong is not.
 */
const RERUN_SCALE = 3;
/** Busy: the check's thread waited for a CPU at least this share of the time (0 on an idle machine). */
const BUSY_SHARE = 0.05;
/** Starved: the check's thread waited for a CPU this share of the time; then any failure runs again alone. */
const STARVED_SHARE = 0.25;

/** `const { check } = lessonChecks('01-gateway-basics')` */
export function lessonChecks(lesson: string): { check: (title: string, spec: CheckSpec, body: CheckBody) => void } {
  const mode = courseMode();
  const report = new CheckReport(process.env.COURSE_REPORT_FILE);
  const specs: CheckSpec[] = [];
  const titles: string[] = [];
  const counted: CountedFailure = { place: Number.POSITIVE_INFINITY };
  const times = new CheckTimes(lesson, mode.tree);
  const lastTimes = times.last();
  const schedule = new CheckSchedule<FirstRun>({
    firstTask,
    onFirstTaskDone: (order) => report.firstTaskDone(firstTask ?? 0, order),
    expectedMs: (title) => lastTimes.get(title),
    onFinished: (ms) => times.save(ms),
  });
  beforeAll(async () => {
    startPaceSampler();
    startActivityWatch();
    AppLog.start();
    await preloadApp(mode.tree, lesson);
  }, PRELOAD_DEADLINE_MS);
  afterAll(async () => {
    AppLog.stop();
    if (mode.expect === 'starter') await expectHintSourceReads(lesson, titles, specs);
    const baselines = specs.filter((spec) => spec.baseline).length;
    if (baselines * 3 > specs.length) {
      throw new Error(
        `${lesson} has ${baselines} baseline checks of ${specs.length}: at most a third may pass on the starter.`,
      );
    }
    const unproven = tasksOf(lesson).filter((task) => !specs.some((spec) => spec.task === task.number));
    if (unproven.length > 0) {
      throw new Error(
        `${lesson}: no check proves task ${unproven.map((task) => `${task.number} (${task.title})`).join(', ')} of the README.`,
      );
    }
  });
  return {
    check(title, spec, body) {
      refuseMalformed(lesson, title, spec, specs.at(-1));
      const place = specs.push(spec) - 1;
      titles.push(title);
      const settle = (result: CheckResult): CheckResult => {
        if (result.status === 'failed') earlierFailure = true;
        if (counts(result)) counted.place = Math.min(counted.place, place);
        report.write(result);
        return result;
      };
      const run = () => runCheck(lesson, mode.tree, title, spec, body);
      if (!oneAtATime) {
        // Runs in the lesson's schedule, all inside the Jest test of the first check; a check that missed a
        // deadline on a busy machine runs again alone once its group is done.
        const slot = schedule.add({
          run,
          again: (first) => (first.rerunAlone ? () => rerunAlone(first, run, place, counted) : undefined),
          settle,
          alone: spec.alone !== undefined,
          apart: spec.apart,
          task: spec.task,
          title,
        });
        test(title, async () => judge(mode, spec, await schedule.resultOf(slot)), JEST_DEADLINE_MS);
        return;
      }
      test(
        title,
        async () => {
          if (earlierFailure && stopAtFirstFailure) {
            judge(mode, spec, settle(notRun(lesson, mode.tree, title, spec)));
            return;
          }
          const first = await run();
          judge(mode, spec, settle(first.rerunAlone ? await rerunAlone(first, run, place, counted) : first.result));
        },
        JEST_DEADLINE_MS,
      );
    },
  };
}

/** A check must say which task it proves and carry three hint tiers, unless it is baseline. */
function refuseMalformed(lesson: string, title: string, spec: CheckSpec, previous: CheckSpec | undefined): void {
  if (spec.hint.length === 0 || spec.hint.some((hint) => hint.trim() === '')) {
    throw new Error(`The check "${title}" needs hints, and no empty ones.`);
  }
  if (spec.alone !== undefined && spec.apart !== undefined) {
    throw new Error(`The check "${title}" is both alone and apart: alone already keeps it from every other check.`);
  }
  if (spec.baseline) {
    if (spec.task !== undefined)
      throw new Error(`The check "${title}" is baseline, so it proves no task: drop its task.`);
    return;
  }
  const tasks = tasksOf(lesson);
  if (spec.task === undefined || !tasks.some((task) => task.number === spec.task)) {
    throw new Error(
      `The check "${title}" must name the task it proves (task: 1 to ${tasks.length}, the README's "Your tasks"), or be baseline; it says ${spec.task}.`,
    );
  }
  if (spec.hint.length !== 3) {
    throw new Error(
      `The check "${title}" has ${spec.hint.length} hint tiers; it needs three: what is missing and where (with a docs link), the APIs by name, a sketch close to code.`,
    );
  }
  if (previous?.task !== undefined && previous.task > spec.task) {
    throw new Error(
      `The check "${title}" (task ${spec.task}) comes after a check of task ${previous.task}: declare the checks in task order.`,
    );
  }
}

/**
 * `npm run hint` reads a check's tiers from its check file without running it (hint-source.js): the
 * self-test holds that it reads there what the checks declare.
 */
async function expectHintSourceReads(lesson: string, titles: string[], specs: CheckSpec[]): Promise<void> {
  const { lessonNamed } = await import('../../scripts/lib/course/catalog.js');
  const { declaredChecks } = await import('../../scripts/lib/checks/hint-source.js');
  const found = lessonNamed(lesson);
  if (!found) return;
  const declared = specs.map((spec, index) => ({
    title: titles[index],
    ...(spec.task !== undefined ? { task: spec.task } : {}),
    baseline: spec.baseline ?? false,
    hints: spec.hint,
  }));
  const read = declaredChecks(found);
  const differs = declared.findIndex((check, index) => !isDeepStrictEqual(check, read[index]));
  if (differs >= 0 || read.length !== declared.length) {
    const at = differs >= 0 ? differs : Math.min(read.length, declared.length);
    throw new Error(
      `scripts/lib/checks/hint-source.js reads checks/${lesson}.check.ts otherwise than it declares its checks: ` +
        `check ${at + 1} is ${JSON.stringify(declared[at])}, but the reader found ${JSON.stringify(read[at])}. ` +
        'npm run hint would show other words than the run.',
    );
  }
}

const taskCache = new Map<string, Task[]>();
function tasksOf(lesson: string): Task[] {
  if (!taskCache.has(lesson))
    taskCache.set(lesson, parseTasks(readFileSync(path.join(REPO_ROOT, 'lessons', lesson, 'README.md'), 'utf8')));
  return taskCache.get(lesson) ?? [];
}

/** A check's result, and whether it missed a deadline while the machine was busy (then it runs again alone). */
interface FirstRun {
  result: CheckResult;
  rerunAlone: boolean;
  busy: number;
  /** Why it would run again: it missed a deadline, timed the app, or failed at all while its thread was starved. */
  why?: 'deadline' | 'timed' | 'starved';
}

/**
 * The place, in declaration order, of the first check whose failure counts: it needed no second run, or it
 * failed again alone. A rerun is there for a correct app on a busy machine; a failure after one that counts
 * is not run again, so the learner hears of the first one at once and a red run stays fast. A failure before
 * it is still run again: the first failure a run shows is never the machine's.
 */
interface CountedFailure {
  place: number;
}

async function rerunAlone(
  first: FirstRun,
  run: () => Promise<FirstRun>,
  place: number,
  counted: CountedFailure,
): Promise<CheckResult> {
  if (place > counted.place) return { ...first.result, notRerun: notRerunNote(first) };
  const again = await withDeadlineScale(RERUN_SCALE, run);
  const busy = Math.round(first.busy * 100);
  return {
    ...again.result,
    rerun: {
      why: `it missed a deadline, or timed something, while this machine was busy (its thread waited for a CPU ${busy} % of the time)`,
      first: first.result.message ?? '',
      scale: RERUN_SCALE,
    },
  };
}

async function runCheck(
  lesson: string,
  tree: Tree,
  title: string,
  spec: CheckSpec,
  body: CheckBody,
): Promise<FirstRun> {
  const t = new CheckContext(lesson, tree);
  const deadline = spec.within ?? DEFAULT_DEADLINE_MS;
  let outcome: unknown;
  const running: RunningCheck = { title, transcript: t.transcript, alone: spec.alone, startedAt: performance.now() };
  const mark = paceMark();
  await runAsCheck(running, async () => {
    try {
      await withDeadline(body(t), deadline, () => new CheckTimeout(`The check did not finish within ${deadline} ms.`));
    } catch (error) {
      outcome = error;
    }
    try {
      await t.close();
    } catch (error) {
      outcome ??= error;
    }
  });
  forgetTimers(running);
  const busy = machineBusySince(mark);
  const base = {
    ...aboutCheck(lesson, tree, title, spec),
    ms: t.transcript.elapsedMs(),
    transcript: t.transcript.render(),
  };
  if (outcome === undefined) return { result: { ...base, status: 'passed' }, rerunAlone: false, busy };
  if (outcome instanceof CheckSkipped)
    return { result: { ...base, status: 'skipped', message: outcome.message }, rerunAlone: false, busy };
  const kind: FailureKind = failureKindOf(outcome);
  const result: CheckResult = {
    ...base,
    status: 'failed',
    kind,
    message: kind === 'crash' ? describeCrash(outcome) : (outcome as Error).message,
    ...(outcome instanceof CheckFailure &&
    outcome.needs !== undefined &&
    spec.task !== undefined &&
    outcome.needs < spec.task
      ? { needs: outcome.needs }
      : {}),
  };
  // A boot that missed a deadline counts too (lesson 4 bounds the boot to tell a hanging connect from a slow one).
  const onDeadline =
    kind === 'timeout' ||
    ((kind === 'assertion' || kind === 'boot') && (running.missedDeadline === true || running.timeSensitive === true));
  // On a machine this busy, any failure may be the machine's (a timer in a check file, a token's life, a connect
  // of the check's own tooling that timed out).
  const starved = kind !== 'prerequisite' && busy >= STARVED_SHARE;
  return {
    result,
    rerunAlone: ((onDeadline && busy >= BUSY_SHARE) || starved) && process.env.COURSE_NO_RERUN !== '1',
    busy,
    why:
      onDeadline && busy >= BUSY_SHARE
        ? kind === 'timeout' || running.missedDeadline === true
          ? 'deadline'
          : 'timed'
        : 'starved',
  };
}

/**
 * What a failure that would have run again alone says when it did not: why it might be the machine's, in the
 * words of what happened (a missed deadline, or a thread that hardly ran), and that the failure before it counts.
 */
function notRerunNote({ why: reason, busy }: FirstRun): string {
  const why =
    reason === 'deadline'
      ? 'It ran out of time while this machine was busy'
      : reason === 'timed'
        ? 'It failed while this machine was busy, and it times what the app does'
        : `It failed while this machine was very busy (the checks' thread waited for a CPU ${Math.round(busy * 100)} % of the time)`;
  return `${why}: its task may not be done yet, or the machine was only slow. It was not run again alone to tell which, because a check before it failed for good. Fix that one first.`;
}

/** A failure that stands: the app's, not the machine's (a missing Redis or a fault in the check is neither). */
function counts(result: CheckResult): boolean {
  return (
    result.status === 'failed' && (result.kind === 'assertion' || result.kind === 'boot' || result.kind === 'timeout')
  );
}

function notRun(lesson: string, tree: Tree, title: string, spec: CheckSpec): CheckResult {
  return {
    ...aboutCheck(lesson, tree, title, spec),
    ms: 0,
    status: 'skipped',
    message: 'not run: an earlier check failed',
  };
}

/** What every result says of its check, whatever happened. */
function aboutCheck(lesson: string, tree: Tree, title: string, spec: CheckSpec) {
  return { lesson, tree, title, task: spec.task, hints: spec.hint, baseline: spec.baseline ?? false };
}

function judge(mode: CourseMode, spec: CheckSpec, result: CheckResult): void {
  if (mode.expect === 'pass') {
    if (result.status === 'failed') throw new Error(CheckReport.renderForJest(result));
    return;
  }
  if (result.status === 'skipped') return;
  if (spec.baseline && result.status !== 'passed') {
    throw new Error(
      `A baseline check must pass on the untouched starter, but it failed:\n${CheckReport.renderForJest(result)}`,
    );
  }
  if (!spec.baseline && result.status === 'passed') {
    throw new Error('This check passes on the untouched starter: mark it baseline, or make it test the exercise.');
  }
  if (!spec.baseline && result.kind !== 'assertion') {
    throw new Error(
      `On the starter this check must fail with an assertion, but it ended with a ${result.kind}:\n${CheckReport.renderForJest(result)}`,
    );
  }
  // A failure on an earlier task's part is led by that task ("this check stopped on what Task N does"), not this hint.
  const unnamed = result.needs === undefined ? eventsUnnamedByHint(spec, result) : [];
  if (unnamed.length > 0) {
    throw new Error(
      `On the starter this check's failure names ${unnamed.join(', ')}, which neither its title nor its first hint names: ` +
        `the hint under a failure must speak of what the failure speaks of.\n${CheckReport.renderForJest(result)}`,
    );
  }
}

/** Socket.IO event names (`room:join`, `auth:refresh`), not URLs or the user and password inside one. */
const EVENT_NAME = /(?<![\w/:@.-])[a-z]+:[a-z][a-z-]*[a-z](?![\w:@])/g;

/** The events a failure message names that the learner, reading the title and the first hint, would not find there. */
export function eventsUnnamedByHint(
  spec: Pick<CheckSpec, 'hint'>,
  result: Pick<CheckResult, 'title' | 'message'>,
): string[] {
  const said = `${result.title} ${spec.hint[0] ?? ''}`;
  const named = new Set(result.message?.match(EVENT_NAME) ?? []);
  return [...named].filter((name) => !said.includes(name));
}

function courseMode(): CourseMode {
  const fromJest = (globalThis as { __COURSE__?: Partial<CourseMode> }).__COURSE__ ?? {};
  const tree = fromJest.tree ?? (process.env.COURSE_TREE as Tree | undefined) ?? 'lessons';
  const expect = fromJest.expect ?? 'pass';
  return { tree, expect };
}

function describeCrash(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const where = error instanceof Error ? error.stack?.split('\n').find((line) => line.includes('/checks/')) : undefined;
  return `The check stopped on an unexpected error: ${text}${where ? `\n${where.trim()}` : ''}`;
}
