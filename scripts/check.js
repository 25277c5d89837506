import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import { findLesson, listLessons, REPO_ROOT, treeDir } from './lib/catalog.js';
import { renderLessonResults, renderLessonTable, renderSummary, tally } from './lib/check-output.js';
import { parseCommandArgs } from './lib/cli-args.js';
import { ProgressStore } from './lib/progress.js';
import { runChecks } from './lib/run-checks.js';
import { colors } from './lib/terminal.js';
import { runCommand, UsageError } from './lib/usage-error.js';

const spec = {
  command: 'npm run check',
  usage: 'npm run check [lesson] [-- --solution] [-- --watch] [-- --all]',
  flags: {
    solution: { type: /** @type {const} */ ('boolean'), describe: 'check the reference solution instead of your work' },
    watch: { type: /** @type {const} */ ('boolean'), describe: 're-run the checks whenever a file of the lesson is saved' },
    all: { type: /** @type {const} */ ('boolean'), describe: 'show every failing check in full, not only the first' },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  const solution = Boolean(flags.solution);
  const lessons = positionals.length > 0 ? [findLesson(positionals[0])] : listLessons();
  if (lessons.length === 0) throw new UsageError('no lessons found in lessons/');
  if (flags.watch) {
    if (lessons.length !== 1) throw new UsageError('npm run check: --watch needs a lesson, e.g. npm run check 1 -- --watch');
    return watchLesson(lessons[0], solution, Boolean(flags.all));
  }
  return checkLessons(lessons, solution, Boolean(flags.all));
});

/**
 * @param {import('./lib/catalog.js').Lesson[]} lessons
 * @param {boolean} solution
 * @param {boolean} all
 * @returns {Promise<number>} the exit code
 */
async function checkLessons(lessons, solution, all) {
  const tree = solution ? 'solutions' : 'lessons';
  const missing = lessons.filter((lesson) => !existsSync(lesson.checkFile));
  if (missing.length > 0) throw new UsageError(`no checks for lesson ${missing[0].number} yet (${path.relative(REPO_ROOT, missing[0].checkFile)})`);
  if (lessons.length === 1) {
    const [lesson] = lessons;
    console.log(colors.bold(`Lesson ${lesson.number} · ${lesson.title}`) + colors.dim(`  checking ${path.relative(REPO_ROOT, treeDir(lesson, solution))}`));
  } else {
    console.log(colors.dim(`Checking lessons ${lessons.map((lesson) => lesson.number).join(', ')} in ${tree}/ …`));
  }
  const run = await runChecks(
    lessons.map((lesson) => lesson.checkFile),
    tree,
  );
  // Lessons run in parallel and finish in any order; the learner reads them in course order.
  const order = lessons.map((lesson) => lesson.slug);
  run.results.sort((a, b) => order.indexOf(a.lesson) - order.indexOf(b.lesson));
  const store = new ProgressStore();
  for (const lesson of lessons) {
    const results = run.results.filter((result) => result.lesson === lesson.slug);
    if (lessons.length > 1) console.log(`\n${colors.bold(`Lesson ${lesson.number} · ${lesson.title}`)}`);
    console.log(renderLessonResults(lesson, results, { style: colors, all, solution }).join('\n'));
    if (!solution && results.length > 0) {
      const checks = results.map(({ title, status, hints }) => ({ title, status, hints }));
      store.recordRun(lesson.slug, { ...tally(results), at: new Date().toISOString(), checks });
    }
  }
  if (lessons.length > 1) {
    const rows = lessons.map((lesson) => {
      const mine = run.results.filter((result) => result.lesson === lesson.slug);
      return { lesson, run: mine.length > 0 ? tally(mine) : undefined };
    });
    console.log(`\n${renderLessonTable(rows, colors).join('\n')}`);
  }
  const summary = renderSummary(run.results, {
    style: colors,
    lesson: lessons.length === 1 ? lessons[0] : undefined,
    suiteErrors: run.suiteErrors,
  });
  const countLine = summary.pop();
  console.log([...summary, colors.dim(`(${(run.ms / 1000).toFixed(1)} s)`), countLine].join('\n'));
  const failed = run.results.some((result) => result.status === 'failed') || run.suiteErrors.length > 0;
  return failed ? 1 : 0;
}

/**
 * Runs the checks now and after every save under the lesson's src/.
 * @param {import('./lib/catalog.js').Lesson} lesson @param {boolean} solution @param {boolean} all
 * @returns {Promise<number>}
 */
async function watchLesson(lesson, solution, all) {
  const dir = path.join(treeDir(lesson, solution), 'src');
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    console.clear();
    await checkLessons([lesson], solution, all).catch((error) => console.error(error));
    console.log(colors.dim(`\nWatching ${path.relative(REPO_ROOT, dir)} — save a file to check again, Ctrl+C to stop.`));
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
