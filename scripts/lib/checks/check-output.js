import { indentLines } from '../cli/terminal.js';
import { tasksUnder } from '../course/task-dependencies.js';
import { failureShape } from './failure-shape.js';

/** @typedef {import('../course/task-files.js').TaskFiles} TaskFiles */

/**
 * What a learner sees after `npm run check`: the checks grouped under their
 * tasks, one line each, the first failing check in full (what happened, the
 * transcript, the first hint tier), and a summary that ends with the line
 * `course: N passed, M failed`.
 */

/** @typedef {import('./run-checks.js').CheckResult} CheckResult */
/** @typedef {import('../cli/terminal.js').Palette} Palette */
/** @typedef {import('../course/catalog.js').Lesson} Lesson */
/** @typedef {import('../course/catalog.js').Task} Task */

/**
 * @param {Lesson} lesson
 * @param {CheckResult[]} results
 * @param {{ style: Palette, all?: boolean, solution?: boolean, tasks?: Task[], hintsStartOver?: (result: CheckResult) => boolean, shownAbove?: Set<string> }} options
 *   `hintsStartOver`: whether a failure's hints start over, the check failing otherwise than when the learner read them;
 *   `shownAbove`: the titles of failures already shown in full (with `--task`'s early verdict), named here in a line
 * @returns {string[]}
 */
export function renderLessonResults(
  lesson,
  results,
  { style, all = false, solution = false, tasks = [], hintsStartOver = () => false, shownAbove = new Set() },
) {
  const lines = [];
  const bootFailure = sharedBootFailure(results);
  if (bootFailure) {
    const unrun = results.filter((result) => result.status === 'failed').length;
    lines.push(
      `  ${style.red('✗')} ${style.bold(`the app did not start, so ${unrun === results.length ? 'no check could run' : `${unrun} of ${results.length} checks could not run`}`)}`,
    );
    lines.push(...indentLines(bootFailure.message ?? '', 4).map((line) => style.red(line)));
    lines.push(`    ${style.dim(`Fix the error above and run npm run check ${lesson.number} again.`)}`);
    return lines;
  }
  const missing = results.filter((result) => result.kind === 'prerequisite');
  if (missing.length > 0) {
    lines.push(
      `  ${style.red('✗')} ${style.bold(`${missing.length} check${missing.length === 1 ? '' : 's'} could not run:`)}`,
    );
    lines.push(...indentLines(missing[0].message ?? '', 4));
  }
  let detailed = false;
  for (const group of groupByTask(results, tasks)) {
    const done = group.results.filter((result) => result.status === 'passed').length;
    const count = `${done}/${group.results.length}`;
    lines.push(
      `  ${style.bold(group.heading)}  ${done === group.results.length ? style.green(count) : style.yellow(count)}`,
    );
    for (const result of group.results) {
      if (result.kind === 'prerequisite') {
        lines.push(`    ${style.red('✗')} ${result.title} ${style.dim('(not run)')}`);
      } else if (result.status === 'passed') {
        lines.push(
          `    ${style.green('✓')} ${result.title}${result.rerun ? style.dim(' (on a second run, alone: see below)') : ''}`,
        );
      } else if (result.status === 'skipped') {
        lines.push(`    ${style.yellow('-')} ${result.title} ${style.yellow(`(skipped: ${result.message})`)}`);
      } else if (shownAbove.has(result.title) && !all) {
        lines.push(`    ${style.red('✗')} ${result.title} ${style.dim('(in full above)')}`);
      } else if (!detailed || all) {
        detailed = true;
        lines.push(
          ...renderFailure(
            lesson,
            result,
            style,
            solution,
            hintLead(result, results, tasks, lesson.manifest?.buildsOn),
            hintsStartOver(result),
          ),
        );
      } else {
        lines.push(`    ${style.red('✗')} ${result.title}`);
        lines.push(`      ${style.dim(firstSentence(result.message ?? ''))}`);
      }
    }
  }
  return lines;
}

/**
 * The checks under their task's heading, in task order: the baseline first.
 * @param {CheckResult[]} results @param {Task[]} tasks
 * @returns {{ heading: string, results: CheckResult[] }[]}
 */
export function groupByTask(results, tasks) {
  /** @type {Map<string, { heading: string, order: number, results: CheckResult[] }>} */
  const groups = new Map();
  for (const result of results) {
    const key = result.task !== undefined ? String(result.task) : result.baseline ? 'given' : 'other';
    const order = result.task ?? (result.baseline ? 0 : Number.MAX_SAFE_INTEGER);
    if (!groups.has(key))
      groups.set(key, { heading: taskHeading(result.task, tasks, result.baseline), order, results: [] });
    groups.get(key)?.results.push(result);
  }
  return [...groups.values()].sort((a, b) => a.order - b.order);
}

/**
 * The failing check a run shows in full, with tier 1 of its hint: the first failure in the order the
 * checks are listed (the given ones, then task by task). `npm run hint` continues with this one.
 * @template {{ status: string, task?: number, baseline?: boolean }} T
 * @param {T[]} results
 * @returns {T | undefined}
 */
export function firstFailing(results) {
  const order = (/** @type {T} */ result) => result.task ?? (result.baseline ? 0 : Number.MAX_SAFE_INTEGER);
  return results
    .map((result, index) => ({ result, index }))
    .filter(({ result }) => result.status === 'failed')
    .sort((a, b) => order(a.result) - order(b.result) || a.index - b.index)[0]?.result;
}

/** `Task 1 · Refuse bad handshakes` @param {number | undefined} task @param {Task[]} tasks @param {boolean} [baseline] */
export function taskHeading(task, tasks, baseline = false) {
  if (task === undefined) return baseline ? 'Given · what the starter already does' : 'Other checks';
  const title = tasks.find((candidate) => candidate.number === task)?.title;
  return title ? `Task ${task} · ${title}` : `Task ${task}`;
}

/**
 * What to say of a failed check that ran a second time, alone, with longer deadlines. When it failed the
 * same way both times the machine's speed was not the cause, and saying "busy" would send the learner
 * looking in the wrong place. A failure that was not run again says why.
 * @param {Pick<CheckResult, 'status' | 'message' | 'rerun' | 'notRerun'>} result
 * @returns {string | undefined}
 */
export function rerunNote({ status, message, rerun, notRerun }) {
  if (status !== 'failed') return undefined;
  if (!rerun) return notRerun;
  // The same failure quotes other values each run: times, counts, and the random ids and tickets it made.
  if (failureShape(rerun.first) === failureShape(message))
    return `It failed the same way when run again alone with every deadline ×${rerun.scale} (each wait its message names lasted ${rerun.scale} times as long): this machine's speed is not the cause.`;
  // Differently, alone and with time to spare: what it shows now is the app's doing, not the machine's.
  return `It failed again, differently, when run alone with every deadline ×${rerun.scale}: the failure shown is that run's (each wait it names lasted ${rerun.scale} times as long), and this machine's speed is not its cause.`;
}

/** What a hint says when a check fails otherwise than when the learner read its hints: they begin again at 1. */
export const HINTS_START_OVER = 'This check fails differently from when you read its hints, so they start over.';

/**
 * What a failure's hint says first when the check stands on an earlier task that is not done. The check
 * stands on the tasks its own task builds on (lesson.json's `buildsOn`, and what those build on in turn) and,
 * when it failed in a step that an earlier task builds (`needs`, from `t.needs` in the check), on that task
 * and what it builds on. The earliest of these with a failing check in the same run is named; failing tasks
 * the check does not stand on are not: a task not started yet is no reason for an independent check to fail.
 * Without such a failing task, a failure in a step of an earlier task names that task. The terminal, the
 * page and `npm run hint` all say it in these words.
 * @param {{ status: string, task?: number, needs?: number }} result
 * @param {{ status: string, task?: number, kind?: string }[]} results the run's results (known so far)
 * @param {Task[]} tasks
 * @param {Record<string, number[]>} [buildsOn] the lesson's lesson.json `buildsOn`
 * @returns {string | undefined}
 */
export function hintLead(result, results, tasks, buildsOn = {}) {
  const own = result.task;
  if (result.status !== 'failed' || own === undefined) return undefined;
  const needs = result.needs !== undefined && result.needs < own ? result.needs : undefined;
  const under = tasksUnder(buildsOn, own);
  if (needs !== undefined) for (const task of [needs, ...tasksUnder(buildsOn, needs)]) under.add(task);
  const earlier = results.flatMap((other) =>
    other.status === 'failed' &&
    other.kind !== 'prerequisite' &&
    other.task !== undefined &&
    other.task < own &&
    under.has(other.task)
      ? [other.task]
      : [],
  );
  if (earlier.length > 0)
    return `${taskHeading(Math.min(...earlier), tasks)} fails too: fix it first; this check needs it.`;
  if (needs !== undefined)
    return `This check stopped on what ${taskHeading(needs, tasks)} does: fix that task first; this check needs it.`;
  return undefined;
}

/**
 * @param {Lesson} lesson @param {CheckResult} result @param {Palette} style @param {boolean} solution
 * @param {string} [lead] what the hint says first (hintLead)
 * @param {boolean} [startsOver] the hints start over: the check fails otherwise than when the learner read them
 * @returns {string[]}
 */
function renderFailure(lesson, result, style, solution, lead, startsOver = false) {
  const lines = [`    ${style.red('✗')} ${style.bold(result.title)}`];
  lines.push(...indentLines(result.message ?? '', 6));
  const note = rerunNote(result);
  if (note) lines.push(style.dim(`      ${note}`));
  if (result.kind === 'crash') {
    lines.push(style.dim('      This looks like a fault in the check, not in your code: please report it.'));
  }
  for (const line of result.transcript ?? []) lines.push(style.dim(`        ${line}`));
  const [hint] = result.hints;
  if (hint && !solution) {
    const said = [startsOver ? HINTS_START_OVER : undefined, lead, hint].filter(Boolean).join('\n');
    lines.push(...indentLines(`Hint: ${said}`, 6, 12).map((line) => style.cyan(line)));
    if (result.hints.length > 1)
      lines.push(
        style.dim(
          `            (hint 1 of ${result.hints.length}; npm run hint ${lesson.number} shows them one per call)`,
        ),
      );
  }
  return lines;
}

/**
 * The closing summary of a run of one or more lessons: the check files that
 * could not run, the verdict, and the course line.
 * @param {CheckResult[]} results
 * @param {Parameters<typeof renderVerdict>[1]} options as renderVerdict takes them
 * @returns {string[]}
 */
export function renderSummary(results, options) {
  const { style, suiteErrors = [] } = options;
  const lines = [''];
  for (const error of suiteErrors) {
    lines.push(style.red(`  ✗ ${error.heading ?? `${error.file} could not run:`}`));
    lines.push(...indentLines(error.message, 4));
  }
  lines.push(...renderVerdict(results, options), courseLine(results, suiteErrors));
  return lines;
}

/**
 * What the run comes to, as the terminal and the page both say it: "15 of 15
 * checks pass. Lesson 1 is done.", or what to do next.
 * @param {CheckResult[]} results
 * @param {{ style: Palette, lesson?: Lesson, nextLesson?: Lesson | null, suiteErrors?: { file: string, message: string, heading?: string }[], tasks?: Task[], todoFiles?: (task: number) => TaskFiles, onRecord?: boolean, focusTask?: number }} options
 *   `todoFiles` names the files of a task's TODOs in the published starter, for "Next:"; `nextLesson` the lesson after `lesson`
 *   (null after the last one), named once `lesson` is done; `onRecord` false: a run of another tree (--solution,
 *   --tree), which `npm run hint` does not follow, so the verdict does not send the learner there; `focusTask`: the
 *   task asked for with --task K, whose first failure "Next:" names before any other's
 * @returns {string[]}
 */
export function renderVerdict(
  results,
  {
    style,
    lesson,
    nextLesson,
    suiteErrors = [],
    tasks = [],
    todoFiles = () => ({ files: [], deleted: [] }),
    onRecord = true,
    focusTask,
  },
) {
  const { passed, skipped } = tally(results);
  const failed = tally(results).failed + suiteErrors.length;
  const lines = [];
  const rerunPassed = results.filter((result) => result.rerun && result.status === 'passed');
  if (rerunPassed.length > 0) {
    const [first] = rerunPassed;
    lines.push(
      style.yellow(
        `${rerunPassed.length === 1 ? '1 check' : `${rerunPassed.length} checks`} passed only on a second run, alone with every deadline ×${first.rerun?.scale}: ` +
          `${first.rerun?.why}. Slow is fine; it is not a fault of your app.`,
      ),
    );
  }
  const next =
    results.find((result) => result.status === 'failed' && result.task === focusTask && focusTask !== undefined) ??
    results.find((result) => result.status === 'failed');
  const counted = `${passed} of ${results.length} checks pass${skipped ? `, ${skipped} skipped` : ''}`;
  const stopped = stoppedBefore(suiteErrors, next);
  if (failed === 0 && skipped > 0) {
    // A skipped check proved nothing: the lesson is not done until it has run.
    const were = skipped === 1 ? 'check was' : 'checks were';
    lines.push(
      style.yellow(
        `${counted}. ${skipped} ${were} skipped, so ${lesson ? `lesson ${lesson.number}` : 'the run'} is not done yet.`,
      ),
    );
    for (const reason of new Set(
      results.filter((result) => result.status === 'skipped').map((result) => result.message ?? 'no reason given'),
    )) {
      const count = results.filter(
        (result) => result.status === 'skipped' && (result.message ?? 'no reason given') === reason,
      ).length;
      lines.push(style.yellow(`  Skipped (${count}) because ${reason}.`));
    }
    lines.push(
      `To run ${skipped === 1 ? 'it' : 'them'}: do what the reason above says, then npm run check${lesson ? ` ${lesson.number}` : ''} again.`,
    );
  } else if (failed === 0) {
    lines.push(style.green(`${counted}.${lesson ? ` Lesson ${lesson.number} is done.` : ''}`));
    if (lesson && nextLesson)
      lines.push(
        `Next: lesson ${nextLesson.number} · ${nextLesson.title}: ${style.bold(`npm run lesson ${nextLesson.number}`)}`,
      );
    else if (lesson && nextLesson === null) lines.push(style.green('That was the last lesson: the course is done.'));
  } else if (next?.kind === 'prerequisite') {
    lines.push(`${counted}. Set up what is missing (above), then run the checks again.`);
  } else if (next?.kind === 'boot' && sharedBootFailure(results)) {
    const where = bootErrorLocation(next.message ?? '');
    lines.push(`${counted}. Next: make the app start${where ? `: fix ${style.bold(where)}` : ''} (the error above).`);
  } else if (stopped) {
    // A lesson whose checks could not run comes before any failure of a later lesson: it is the learner's next step.
    lines.push(
      `${counted}. Next: lesson ${Number(stopped.slice(0, 2))}'s checks could not all run (see above): fix that first.`,
    );
  } else if (next) {
    const where = lesson ? lesson.number : Number(next.lesson.slice(0, 2));
    const task = next.task === undefined ? '' : `${taskHeading(next.task, tasks)}: `;
    lines.push(`${counted}. Next: ${task}${style.bold(next.title)}`);
    const places = next.task === undefined ? undefined : todoPlaces(todoFiles(next.task));
    if (places)
      lines.push(style.dim(`Its TODOs ${places}; npm run lesson ${where} -- --task ${next.task} prints its teaching.`));
    // A check of what the starter already does fails only once the learner changed provided code.
    if (next.baseline && onRecord)
      lines.push(
        style.dim(
          `It checks code the lesson gives you ready-made: git diff lessons/${next.lesson}/src shows what you changed.`,
        ),
      );
    const hint = `npm run hint ${where}${focusTask !== undefined && next.task === focusTask ? ` -- --task ${focusTask}` : ''}`;
    if (onRecord) lines.push(style.dim(`Stuck? ${hint} shows one more hint each time.`));
  } else {
    lines.push(counted);
  }
  return lines;
}

/**
 * The first lesson, in course order, whose check file could not run to its end, when it comes before the lesson of
 * the first failing check (or there is none).
 * @param {{ file: string }[]} suiteErrors @param {CheckResult | undefined} next
 * @returns {string | undefined} its slug
 */
function stoppedBefore(suiteErrors, next) {
  const [first] = suiteErrors
    .map((error) => /(\d\d-[\w-]+)\.check\.ts$/.exec(error.file)?.[1])
    .filter((slug) => slug !== undefined)
    .sort();
  return first !== undefined && (next === undefined || first < next.lesson) ? first : undefined;
}

/**
 * Where a task's TODOs are, in the published starter: `are in a.ts`, `were in a.ts` once the learner deleted
 * them, `are in a.ts (and were in b.ts)` when some are left.
 * @param {TaskFiles} taskFiles @returns {string | undefined}
 */
function todoPlaces({ files, deleted }) {
  if (files.length === 0) return undefined;
  const kept = files.filter((file) => !deleted.includes(file));
  if (kept.length === 0) return `were in ${files.join(', ')}`;
  return `are in ${kept.join(', ')}${kept.length < files.length ? ` (and were in ${deleted.join(', ')})` : ''}`;
}

/**
 * `course: N passed, M failed`, the line every run ends with.
 * @param {CheckResult[]} results @param {{ file: string }[]} [suiteErrors]
 */
export function courseLine(results, suiteErrors = []) {
  const { passed, skipped, failed } = tally(results);
  return `course: ${passed} passed, ${failed + suiteErrors.length} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/**
 * @typedef {{ passed: number, failed: number, skipped: number, total: number }} Tally
 */

/** How many checks passed, failed and were skipped. @param {{ status: string }[]} results @returns {Tally} */
export function tally(results) {
  const count = (/** @type {string} */ status) => results.filter((result) => result.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), total: results.length };
}

/**
 * The lessons with the checks passed on their last run (`npm run lesson`, and
 * `npm run check` for every lesson).
 * @param {{ lesson: Lesson, run: Tally | undefined }[]} rows
 * @param {Palette} style
 * @returns {string[]}
 */
export function renderLessonTable(rows, style) {
  const width = Math.max(...rows.map(({ lesson }) => lesson.title.length));
  const header = style.bold(`  ${'#'.padEnd(4)}${'lesson'.padEnd(width + 2)}${'checks'.padEnd(9)}status`);
  return [
    header,
    ...rows.map(({ lesson, run }) => {
      const checks = run ? `${run.passed}/${run.total}` : '–';
      const status = !run
        ? style.dim('not checked yet')
        : run.failed === 0
          ? style.green('done')
          : style.yellow(`${run.failed} to go`);
      return `  ${String(lesson.number).padEnd(4)}${lesson.title.padEnd(width + 2)}${checks.padEnd(9)}${status}`;
    }),
  ];
}

/**
 * The one error that kept the app from starting, when it is the reason of every failure: a compile error
 * or a throw at boot is said once, not under each check (checks that boot no app may still pass).
 * @param {CheckResult[]} results
 */
export function sharedBootFailure(results) {
  const failures = results.filter((result) => result.status === 'failed');
  if (failures.length === 0) return undefined;
  if (!failures.every((result) => result.kind === 'boot' && result.message === failures[0].message)) return undefined;
  return failures[0];
}

/**
 * The learner's file and line a boot error points at (`lessons/02-…/src/chat/chat.gateway.ts:12`), if it names one.
 * @param {string} message
 * @returns {string | undefined}
 */
export function bootErrorLocation(message) {
  const found = /([\w./@-]*\/src\/[\w./@-]+\.[cm]?[jt]s):(\d+)/.exec(message);
  return found ? `${found[1]}:${found[2]}` : undefined;
}

/** @param {string} text */
function firstSentence(text) {
  const line = text.split('\n')[0];
  return line.length > 240 ? `${line.slice(0, 239)}…` : line;
}
