import { listLessons } from '../lib/course/catalog.js';
import { parseCommandArgs } from '../lib/cli/cli-args.js';
import { colors } from '../lib/cli/terminal.js';
import { runCommand, UsageError } from '../lib/cli/usage-error.js';
import '../lib/app/exit-with-parent.js';
import { wholeNumber } from '../lib/load/bench-options.js';
import { Cleanup } from '../lib/figures/cleanup.js';
import { FLOOR_TEXT, evaluateGoals, renderCourseTable } from './course-table.js';
import { measureCourse } from './course-bench.js';
import { ProgressLine } from '../lib/figures/progress-line.js';

/**
 * `npm run time-course`, for the course's maintainers: the learner's loop (the check
 * run and the lesson start) timed on this machine against the floor of loading Nest,
 * with the course's goals. Not the learner's load generator (`npm run bench N`).
 */
const RUNS = { min: 1, max: 20, default: 5 };
const spec = {
  command: 'npm run time-course',
  usage: 'npm run time-course [-- --runs K]',
  flags: { runs: { type: /** @type {const} */ ('string'), describe: 'runs of each command (default 5)' } },
  maxPositionals: 0,
};

await runCommand(async () => {
  const { flags } = parseCommandArgs(spec);
  const runs = wholeNumber('runs', flags.runs, RUNS, spec.command) ?? RUNS.default;
  const lessons = listLessons();
  if (lessons.length === 0) throw new UsageError(`${spec.command}: no lessons found in lessons/`);
  return timeCourse(lessons, runs, colors);
});

/**
 * Measures, prints the course table, and exits 0 only when every goal holds.
 * @param {import('../lib/course/catalog.js').Lesson[]} lessons @param {number} runs @param {import('../lib/cli/terminal.js').Palette} style
 * @returns {Promise<number>}
 */
async function timeCourse(lessons, runs, style) {
  const progress = new ProgressLine();
  const cleanup = new Cleanup();
  cleanup.closeOnInterrupt(() => progress.mute());
  const startedAt = performance.now();
  console.log(
    style.dim(
      `Timing ${lessons.length} lessons, ${runs} round${runs === 1 ? '' : 's'} each (the floor ${FLOOR_TEXT}, npm run check N -- --solution, ` +
        'npm run lesson N -- --solution). Other work on this machine slows every figure: run it on an idle one.',
    ),
  );
  let times;
  try {
    times = await measureCourse(lessons, {
      runs,
      cleanup,
      report: (text, step = true) => progress.update(text, { step }),
    });
  } finally {
    progress.clear();
    await cleanup.closeAll();
  }
  console.log(renderCourseTable(times, runs, style).join('\n'));
  console.log(style.dim(`(${((performance.now() - startedAt) / 1000).toFixed(0)} s)`));
  return evaluateGoals(times).every((goal) => goal.held) ? 0 : 1;
}
