import { existsSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { findLesson, listLessons, listTasks, REPO_ROOT } from './lib/course/catalog.js';
import {
  firstFailing,
  HINTS_START_OVER,
  hintLead,
  rerunNote,
  renderLessonResults,
  renderLessonTable,
  renderSummary,
  renderVerdict,
  sharedBootFailure,
  tally,
  taskHeading,
} from './lib/checks/check-output.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { hintsStartOverIn, ProgressStore } from './lib/progress/progress.js';
import { failureHash } from './lib/checks/failure-shape.js';
import { lateError, runChecks } from './lib/checks/run-checks.js';
import { indent, colors } from './lib/cli/terminal.js';
import { taskFiles } from './lib/course/task-files.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';
import { exitOnTermination } from './lib/net/host-exit.js';
import { STALL_WATCH_ENV } from './lib/net/stall-watchdog.js';
import { taskNamed } from './lib/course/task-argument.js';

const spec = {
  command: 'npm run check',
  usage: 'npm run check [lesson] [-- --solution] [-- --watch] [-- --all]',
  flags: {
    solution: { type: /** @type {const} */ ('boolean'), describe: 'check the reference solution instead of your work' },
    watch: {
      type: /** @type {const} */ ('boolean'),
      describe: 're-run the checks whenever a file of the lesson is saved',
    },
    all: { type: /** @type {const} */ ('boolean'), describe: 'show every failing check in full, not only the first' },
    json: {
      type: /** @type {const} */ ('boolean'),
      describe: 'one JSON line per check as it finishes, then a summary line (for the course page)',
    },
    'task-first': {
      type: /** @type {const} */ ('boolean'),
      describe: 'run the checks of the first unfinished task (from the last run) first, and say their verdict at once',
    },
    tree: {
      type: /** @type {const} */ ('string'),
      describe: 'check another copy of the lessons: a directory holding NN-slug folders',
    },
    task: {
      type: /** @type {const} */ ('string'),
      describe: "run this task's checks first, and exit 0 only when they pass (a lesson's task number)",
    },
  },
};

/** @typedef {{ lessons: import('./lib/course/catalog.js').Lesson[], tree: string, learner: boolean, all: boolean, json: boolean, task?: import('./lib/course/catalog.js').Task, taskFirst?: number }} CheckRequest */

// While a check runs, the harness routes stdout into the check's transcript; results go around it.
const stdoutWrite = process.stdout.write.bind(process.stdout);
// What the run itself says on stderr goes around the harness too (a check in this process may be capturing it).
const stderrWrite = process.stderr.write.bind(process.stderr);
/** @param {string} line */
const writeLine = (line) => stdoutWrite(`${line}\n`);

let checking = false;
/** The results of the latest run: --watch runs the task of its first failure first. @type {import('./lib/checks/run-checks.js').CheckResult[]} */
let lastResults = [];
// Something in the app under test may still end the process (process.exit in a provider): never without a word.
process.on('exit', (code) => {
  if (checking) {
    stderrWrite(
      `\nThe checks stopped early (exit code ${code}): something in the app ended the process while it was checked ` +
        '(a process.exit() call?). No results were recorded.\n',
    );
  }
});

// A timer the app left behind may still throw once the checks are over: say so, and fail the run.
const hearLateError = (/** @type {unknown} */ error) => {
  stderrWrite(
    `\nAfter the checks had ended, the app threw an error nothing handled (a timer or callback still pending when it closed):\n${indent(lateError(error), 2)}\n`,
  );
  process.exitCode = 1;
};
process.on('uncaughtException', hearLateError);
process.on('unhandledRejection', hearLateError);
// An app that blocks the process for good (a loop without end) ends the run with a word, not a frozen terminal.
process.env[STALL_WATCH_ENV] ??= 'on';
// Terminated, the run still stops what it started (lesson 4's private redis-server), and says so.
exitOnTermination((signal) => {
  checking = false;
  stderrWrite(`\nThe checks were stopped (${signal}); no results were recorded.\n`);
});

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  const lessons = positionals.length > 0 ? [findLesson(positionals[0])] : listLessons();
  if (lessons.length === 0) throw new UsageError('no lessons found in lessons/');
  /** @type {CheckRequest} */
  const request = {
    lessons,
    tree: chooseTree(flags),
    learner: !flags.solution && flags.tree === undefined,
    all: Boolean(flags.all),
    json: Boolean(flags.json),
    task: chooseTask(lessons, flags.task),
  };
  // --task K runs and shows task K first, whatever the last run was. Else the learner's own run in the
  // terminal, like --watch and the page, starts with the task they work on.
  if (request.task) request.taskFirst = request.task.number;
  else if ((flags['task-first'] || (request.learner && !request.json)) && lessons.length === 1)
    request.taskFirst = unfinishedTask(new ProgressStore().lesson(lessons[0].slug)?.checks ?? []);
  return flags.watch ? watchLesson(request) : checkLessons(request);
});

/** @param {Record<string, string | boolean | undefined>} flags @returns {string} */
function chooseTree(flags) {
  if (flags.tree === undefined) return flags.solution ? 'solutions' : 'lessons';
  if (flags.solution) throw new UsageError('npm run check: --solution and --tree name two trees; give one');
  const dir = path.resolve(String(flags.tree));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`npm run check: --tree ${flags.tree} is not a directory`);
  // The lessons' code finds its packages by walking up from its own files, to the course's node_modules.
  if (path.relative(REPO_ROOT, dir).startsWith('..') || path.isAbsolute(path.relative(REPO_ROOT, dir)))
    throw new UsageError(
      `npm run check: --tree ${flags.tree} is outside the course, where its code cannot find the course's packages; ` +
        `copy it into the course first, e.g. cp -r ${flags.tree} .course/tree, then --tree .course/tree`,
    );
  return dir;
}

/**
 * `--task K`: the task of the one lesson checked whose checks alone decide the exit code.
 * @param {import('./lib/course/catalog.js').Lesson[]} lessons @param {string | boolean | undefined} wanted
 */
function chooseTask(lessons, wanted) {
  if (wanted === undefined) return undefined;
  if (lessons.length !== 1)
    throw new UsageError('npm run check: --task needs a lesson, e.g. npm run check 1 -- --task 2');
  return taskNamed(lessons[0], wanted, 'npm run check');
}

/**
 * @param {CheckRequest} request
 * @returns {Promise<number>} the exit code
 */
async function checkLessons({ lessons, tree, learner, all, json, task, taskFirst }) {
  const missing = lessons.filter((lesson) => !existsSync(lesson.checkFile));
  if (missing.length > 0)
    throw new UsageError(
      `no checks for lesson ${missing[0].number} yet (${path.relative(REPO_ROOT, missing[0].checkFile)})`,
    );
  const treeRoot = path.resolve(REPO_ROOT, tree);
  const out = json ? () => {} : console.log;
  if (lessons.length === 1) {
    const [lesson] = lessons;
    out(
      colors.bold(`Lesson ${lesson.number} · ${lesson.title}`) +
        colors.dim(`  checking ${path.relative(REPO_ROOT, path.join(treeRoot, lesson.slug))}`),
    );
  } else {
    out(
      colors.dim(
        `Checking lessons ${lessons.map((lesson) => lesson.number).join(', ')} in ${path.relative(REPO_ROOT, treeRoot)}/ …`,
      ),
    );
  }
  const store = new ProgressStore();
  // A check failing otherwise than when the learner read its hints hears them from the first again: asked of the
  // progress as it was before this run, read once.
  const before = learner ? store.read() : undefined;
  const hintsStartOver = before
    ? (/** @type {import('./lib/checks/run-checks.js').CheckResult} */ result) =>
        hintsStartOverIn(before, result.lesson, result.title, failureHash(result.message))
    : undefined;
  checking = true;
  const files = lessons.map((lesson) => lesson.checkFile);
  const onResult = json ? streamResult() : undefined;
  const run =
    taskFirst === undefined
      ? { ...(await runChecks(files, tree, { onResult })), shownAbove: new Set() }
      : await runTaskFirst(lessons[0], files, tree, taskFirst, { onResult, json, hintsStartOver });
  checking = false;
  lastResults = run.results;
  const hintNotes = Object.fromEntries(
    hintsStartOver
      ? run.results
          .filter((result) => result.status === 'failed' && hintsStartOver(result))
          .map((result) => [result.title, HINTS_START_OVER])
      : [],
  );
  // Lessons run in parallel and finish in any order; the learner reads them in course order.
  const order = lessons.map((lesson) => lesson.slug);
  run.results.sort((a, b) => order.indexOf(a.lesson) - order.indexOf(b.lesson));
  for (const lesson of lessons) {
    const results = run.results.filter((result) => result.lesson === lesson.slug);
    if (lessons.length > 1) out(`\n${colors.bold(`Lesson ${lesson.number} · ${lesson.title}`)}`);
    out(
      renderLessonResults(lesson, results, {
        style: colors,
        all,
        solution: !learner,
        tasks: listTasks(lesson),
        hintsStartOver,
        shownAbove: run.shownAbove,
      }).join('\n'),
    );
    if (learner) {
      // What the run came to, not the hints' words: npm run hint reads those in the check file.
      const checks = results.map(({ title, status, task, baseline, kind, needs, message }) => ({
        title,
        status,
        task,
        baseline,
        ...(kind ? { kind } : {}),
        ...(needs !== undefined ? { needs } : {}),
        ...(status === 'failed' ? { failure: failureHash(message) } : {}),
      }));
      const failedToRun = results.length === 0 && run.suiteErrors.length > 0;
      const counts = failedToRun ? { passed: 0, failed: 1, skipped: 0, total: 1 } : tally(results);
      // The run shows tier 1 of the first failure's hint (not when the app did not start): `npm run hint` goes on from there.
      const shown = sharedBootFailure(results) ? undefined : firstFailing(results);
      store.recordRun(
        lesson.slug,
        { ...counts, at: new Date().toISOString(), checks },
        { shownHint: shown?.hints.length ? shown.title : undefined },
      );
    }
  }
  if (lessons.length > 1) {
    const rows = lessons.map((lesson) => {
      const mine = run.results.filter((result) => result.lesson === lesson.slug);
      return { lesson, run: mine.length > 0 ? tally(mine) : undefined };
    });
    out(`\n${renderLessonTable(rows, colors).join('\n')}`);
  }
  const single = lessons.length === 1 ? lessons[0] : undefined;
  const summaryOptions = {
    lesson: single,
    nextLesson: single ? (listLessons().find((lesson) => lesson.number > single.number) ?? null) : undefined,
    suiteErrors: run.suiteErrors,
    tasks: single ? listTasks(single) : [],
    todoFiles: (/** @type {number} */ task) =>
      single ? taskFiles(single, path.join(treeRoot, single.slug), task) : { files: [], deleted: [] },
    onRecord: learner,
    focusTask: task?.number,
  };
  const summary = renderSummary(run.results, { style: colors, ...summaryOptions });
  const countLine = summary.pop();
  const failed = run.results.some((result) => result.status === 'failed') || run.suiteErrors.length > 0;
  const ofTask = task ? run.results.filter((result) => result.task === task.number) : [];
  const taskPassed =
    ofTask.length > 0 && ofTask.every((result) => result.status === 'passed') && run.suiteErrors.length === 0;
  if (task)
    summary.push(
      `${taskHeading(task.number, [task])}: ${ofTask.filter((result) => result.status === 'passed').length}/${ofTask.length} checks pass`,
    );
  if (json) {
    // The page says what the terminal says: the verdict and the course line, in plain text (NO_COLOR).
    const verdict = renderVerdict(run.results, { style: colors, ...summaryOptions });
    // Results stream as checks finish (they run side by side); `order` is the order they are declared in.
    const order = run.results.map((result) => result.title);
    // What each failure's hint says first, now that every result is in (a result line knew only those before it).
    const leads = Object.fromEntries(
      run.results.flatMap((result) => {
        const lesson = lessons.find((candidate) => candidate.slug === result.lesson);
        const lead = hintLead(
          result,
          run.results.filter((other) => other.lesson === result.lesson),
          lesson ? listTasks(lesson) : [],
          lesson?.manifest.buildsOn,
        );
        return lead ? [[result.title, lead]] : [];
      }),
    );
    const end = {
      type: 'end',
      ...tally(run.results),
      leads,
      hintNotes,
      bootFailure: sharedBootFailure(run.results)?.message ?? null,
      suiteErrors: run.suiteErrors,
      ms: run.ms,
      order,
      verdict,
      courseLine: countLine,
    };
    console.log(JSON.stringify(end));
  } else {
    console.log([...summary, colors.dim(`(${(run.ms / 1000).toFixed(1)} s)`), countLine].join('\n'));
  }
  if (task) return taskPassed ? 0 : 1;
  return failed ? 1 : 0;
}

/**
 * The current task's checks first, their verdict as soon as they are all in, then the others, in one run: a
 * learner working on a task hears about it first. The results come back in the order the checks are declared.
 * @param {import('./lib/course/catalog.js').Lesson} lesson @param {string[]} files @param {string} tree @param {number} task
 * @param {{ onResult: ((result: import('./lib/checks/run-checks.js').CheckResult) => void) | undefined, json: boolean, hintsStartOver?: (result: import('./lib/checks/run-checks.js').CheckResult) => boolean }} options
 * @returns {Promise<import('./lib/checks/run-checks.js').CheckRun & { shownAbove: Set<string> }>}
 */
async function runTaskFirst(lesson, files, tree, task, { onResult, json, hintsStartOver }) {
  const started = performance.now();
  let told = false;
  /** The failure shown in full with the task's verdict, not repeated in the whole lesson's list. @type {Set<string>} */
  const shownAbove = new Set();
  const tell = (/** @type {import('./lib/checks/run-checks.js').CheckResult[]} */ results) => {
    if (told) return;
    told = true;
    const ofTask = results.filter((result) => result.task === task);
    const verdict = { task, ...tally(ofTask), ms: Math.round(performance.now() - started) };
    if (json) {
      writeLine(JSON.stringify({ type: 'task-verdict', ...verdict }));
      return;
    }
    // Checks are still running: write around the harness, which sends stdout to their transcripts.
    const heading = taskHeading(task, listTasks(lesson));
    const count = `${verdict.passed}/${verdict.total}`;
    const mark = verdict.failed === 0 ? colors.green(count) : colors.yellow(count);
    writeLine(
      `${colors.bold(heading)}  ${mark}  ${colors.dim(`(${(verdict.ms / 1000).toFixed(1)} s; the other tasks' checks run next)`)}`,
    );
    const failing = ofTask.filter((result) => result.status === 'failed');
    // An app that did not start is said once, with the whole run's results.
    if (failing.length > 0 && !sharedBootFailure(failing)) {
      shownAbove.add(failing[0].title);
      writeLine(
        renderLessonResults(lesson, failing, { style: colors, tasks: listTasks(lesson), hintsStartOver })
          .slice(1)
          .join('\n'),
      );
    }
  };
  const run = await runChecks(files, tree, { onResult, firstTask: task, onFirstTaskDone: tell });
  // Checks that ran one at a time, as declared, could not put the task first: its verdict comes with the rest.
  if (json) tell(run.results);
  return { ...run, shownAbove };
}

/**
 * The task of the first check that failed on the last run, to run first; undefined when none did.
 * @param {{ status: string, task?: number, baseline?: boolean }[]} checks
 */
function unfinishedTask(checks) {
  return firstFailing(checks)?.task;
}

/**
 * Writes each result as a JSON line as it finishes. An error that kept the app from starting is the same
 * for every check that tried: the first carries it, the others point to it, so it is said once.
 * @returns {(result: import('./lib/checks/run-checks.js').CheckResult) => void}
 */
function streamResult() {
  /** @type {Set<string>} */
  const bootErrors = new Set();
  /** @type {import('./lib/checks/run-checks.js').CheckResult[]} */
  const heard = [];
  return (result) => {
    heard.push(result);
    const repeated = result.kind === 'boot' && result.message !== undefined && bootErrors.has(result.message);
    if (result.kind === 'boot' && result.message !== undefined) bootErrors.add(result.message);
    const shown = repeated
      ? {
          ...result,
          message: 'The app did not start: the error is shown once, with the first check that tried to start it.',
          transcript: [],
        }
      : result;
    // The page groups each result under the heading the terminal gives it.
    const lead = hintLead(
      result,
      heard.filter((other) => other.lesson === result.lesson),
      tasksOf(result),
      lessonOf(result)?.manifest.buildsOn,
    );
    writeLine(JSON.stringify({ type: 'result', ...shown, group: groupOf(result), rerunNote: rerunNote(result), lead }));
  };
}

/** The lesson a result is of. @param {import('./lib/checks/run-checks.js').CheckResult} result */
function lessonOf(result) {
  return listLessons().find((candidate) => candidate.slug === result.lesson);
}

/** The tasks of a result's lesson. @param {import('./lib/checks/run-checks.js').CheckResult} result */
function tasksOf(result) {
  const lesson = lessonOf(result);
  return lesson ? listTasks(lesson) : [];
}

/**
 * The heading a result stands under, as the terminal groups it: `Task 2 · …`.
 * @param {import('./lib/checks/run-checks.js').CheckResult} result
 */
function groupOf(result) {
  return taskHeading(result.task, tasksOf(result), result.baseline);
}

/**
 * Runs the checks now and after every save under the lesson's src/.
 * @param {CheckRequest} request
 * @returns {Promise<number>}
 */
async function watchLesson(request) {
  if (request.lessons.length !== 1)
    throw new UsageError('npm run check: --watch needs a lesson, e.g. npm run check 1 -- --watch');
  const dir = path.join(path.resolve(REPO_ROOT, request.tree), request.lessons[0].slug, 'src');
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    console.clear();
    // The current task first: the one asked for, else the one the last run's first failure belongs to.
    const taskFirst = request.task?.number ?? unfinishedTask(lastResults) ?? request.taskFirst;
    await checkLessons({ ...request, taskFirst }).catch((error) => console.error(error));
    console.log(
      colors.dim(`\nWatching ${path.relative(REPO_ROOT, dir)} — save a file to check again, Ctrl+C to stop.`),
    );
    running = false;
    if (again) {
      again = false;
      await run();
    }
  };
  /** @type {NodeJS.Timeout | undefined} */
  let debounce;
  watch(dir, { recursive: true }, () => {
    clearTimeout(debounce);
    debounce = setTimeout(run, 150);
  });
  await run();
  return new Promise(() => {});
}
