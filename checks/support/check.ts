import { afterAll, beforeAll, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTasks, type Task } from '../../scripts/lib/course/catalog.js';
import { preloadApp, REPO_ROOT, type Tree } from './app-under-test.js';
import { AppLog } from './app-log.js';
import { CheckSkipped, CheckTimeout, failureKindOf, type FailureKind } from './check-failure.js';
import { CheckContext } from './check-context.js';
import { withDeadline } from '../../scripts/lib/net/deadline.js';
import { CheckReport, type CheckResult } from './check-report.js';
import { runAsCheck } from './current-check.js';
import { SideBySide } from './side-by-side.js';

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
const CLOSE_GRACE_MS = 5_000;
const PRELOAD_DEADLINE_MS = 120_000;
// The Jest test that runs the checks side by side waits for all of them; each has its own deadlines.
const SIDE_BY_SIDE_JEST_DEADLINE_MS = 10 * 60_000;

/** `const { check } = lessonChecks('01-gateway-basics')` */
export function lessonChecks(lesson: string): { check: (title: string, spec: CheckSpec, body: CheckBody) => void } {
  const mode = courseMode();
  const report = new CheckReport(process.env.COURSE_REPORT_FILE);
  const specs: CheckSpec[] = [];
  const sideBySide = new SideBySide();
  beforeAll(async () => {
    AppLog.start();
    await preloadApp(mode.tree, lesson);
  }, PRELOAD_DEADLINE_MS);
  afterAll(() => {
    AppLog.stop();
    const baselines = specs.filter((spec) => spec.baseline).length;
    if (baselines * 3 > specs.length) {
      throw new Error(`${lesson} has ${baselines} baseline checks of ${specs.length}: at most a third may pass on the starter.`);
    }
    const unproven = tasksOf(lesson).filter((task) => !specs.some((spec) => spec.task === task.number));
    if (unproven.length > 0) {
      throw new Error(`${lesson}: no check proves task ${unproven.map((task) => `${task.number} (${task.title})`).join(', ')} of the README.`);
    }
  });
  return {
    check(title, spec, body) {
      refuseMalformed(lesson, title, spec, specs.at(-1));
      specs.push(spec);
      const settle = (result: CheckResult): CheckResult => {
        if (result.status === 'failed') earlierFailure = true;
        report.write(result);
        return result;
      };
      if (spec.alone === undefined && !oneAtATime) {
        // Runs with the lesson's other checks, all started where the first of them stands.
        const place = sideBySide.add(() => runCheck(lesson, mode.tree, title, spec, body).then(settle));
        test(title, async () => judge(mode, spec, await sideBySide.resultOf(place)), SIDE_BY_SIDE_JEST_DEADLINE_MS);
        return;
      }
      test(title, async () => {
        const result = earlierFailure && stopAtFirstFailure ? notRun(lesson, mode.tree, title, spec) : await runCheck(lesson, mode.tree, title, spec, body);
        judge(mode, spec, settle(result));
      }, (spec.within ?? DEFAULT_DEADLINE_MS) + CLOSE_GRACE_MS + 2_000);
    },
  };
}

/** A check must say which task it proves and carry three hint tiers, unless it is baseline. */
function refuseMalformed(lesson: string, title: string, spec: CheckSpec, previous: CheckSpec | undefined): void {
  if (spec.hint.length === 0 || spec.hint.some((hint) => hint.trim() === '')) {
    throw new Error(`The check "${title}" needs hints, and no empty ones.`);
  }
  if (spec.baseline) {
    if (spec.task !== undefined) throw new Error(`The check "${title}" is baseline, so it proves no task: drop its task.`);
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
    throw new Error(`The check "${title}" (task ${spec.task}) comes after a check of task ${previous.task}: declare the checks in task order.`);
  }
}

const taskCache = new Map<string, Task[]>();
function tasksOf(lesson: string): Task[] {
  if (!taskCache.has(lesson)) taskCache.set(lesson, parseTasks(readFileSync(path.join(REPO_ROOT, 'lessons', lesson, 'README.md'), 'utf8')));
  return taskCache.get(lesson) ?? [];
}

async function runCheck(lesson: string, tree: Tree, title: string, spec: CheckSpec, body: CheckBody): Promise<CheckResult> {
  const t = new CheckContext(lesson, tree);
  const deadline = spec.within ?? DEFAULT_DEADLINE_MS;
  let outcome: unknown;
  await runAsCheck({ title, transcript: t.transcript, alone: spec.alone }, async () => {
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
  const base = { ...aboutCheck(lesson, tree, title, spec), ms: t.transcript.elapsedMs(), transcript: t.transcript.render() };
  if (outcome === undefined) return { ...base, status: 'passed' };
  if (outcome instanceof CheckSkipped) return { ...base, status: 'skipped', message: outcome.message };
  const kind: FailureKind = failureKindOf(outcome);
  return {
    ...base,
    status: 'failed',
    kind,
    message: kind === 'crash' ? describeCrash(outcome) : (outcome as Error).message,
  };
}

function notRun(lesson: string, tree: Tree, title: string, spec: CheckSpec): CheckResult {
  return { ...aboutCheck(lesson, tree, title, spec), ms: 0, status: 'skipped', message: 'not run: an earlier check failed' };
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
    throw new Error(`A baseline check must pass on the untouched starter, but it failed:\n${CheckReport.renderForJest(result)}`);
  }
  if (!spec.baseline && result.status === 'passed') {
    throw new Error('This check passes on the untouched starter: mark it baseline, or make it test the exercise.');
  }
  if (!spec.baseline && result.kind !== 'assertion') {
    throw new Error(`On the starter this check must fail with an assertion, but it ended with a ${result.kind}:\n${CheckReport.renderForJest(result)}`);
  }
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
