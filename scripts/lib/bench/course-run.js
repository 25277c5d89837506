import { Cleanup } from './cleanup.js';
import { FLOOR_TEXT } from './course-goals.js';
import { measureCourse } from './course-bench.js';
import { evaluateGoals, renderCourseTable } from './course-table.js';
import { ProgressLine } from './progress-line.js';

/**
 * `npm run bench`: measures, prints the course table, and exits 0 only when every goal holds.
 * @param {import('../catalog.js').Lesson[]} lessons @param {number} runs @param {import('../terminal.js').Palette} style
 * @returns {Promise<number>}
 */
export async function benchCourse(lessons, runs, style) {
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
    times = await measureCourse(lessons, { runs, cleanup, report: (text, step = true) => progress.update(text, { step }) });
  } finally {
    progress.clear();
    await cleanup.closeAll();
  }
  console.log(renderCourseTable(times, runs, style).join('\n'));
  console.log(style.dim(`(${((performance.now() - startedAt) / 1000).toFixed(0)} s)`));
  return evaluateGoals(times).every((goal) => goal.held) ? 0 : 1;
}
