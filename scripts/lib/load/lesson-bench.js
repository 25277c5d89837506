import path from 'node:path';
import { findLesson, REPO_ROOT } from '../course/catalog.js';
import { UsageError, BenchFailure } from '../cli/usage-error.js';
import { Cleanup } from '../figures/cleanup.js';
import { ProgressLine, renderBar } from '../figures/progress-line.js';

/** One module per lesson: what its bench measures is that lesson's wire contract. */
const LESSON_BENCHES = /** @type {Record<number, () => Promise<import('./lesson-context.js').LessonBench>>} */ ({
  1: () => import('./lesson-1.js'),
  2: () => import('./lesson-2.js'),
  3: () => import('./lesson-3.js'),
  4: () => import('./lesson-4.js'),
});

/**
 * `npm run bench N`: loads the learner's running app (or the solution) and prints the lesson's table.
 * @param {import('./bench-options.js').LessonRequest} request @param {import('../cli/terminal.js').Palette} style
 * @returns {Promise<number>} the exit code
 */
export async function benchLesson(request, style) {
  const lesson = findLesson(request.lessonArg);
  const load = LESSON_BENCHES[lesson.number];
  if (!load) throw new UsageError(`npm run bench: lesson ${lesson.number} has no bench yet`);
  const bench = await load();
  const clients = request.clients ?? bench.defaultClients;
  const progress = new ProgressLine();
  const cleanup = new Cleanup();
  cleanup.closeOnInterrupt(() => progress.mute());
  const startedAt = performance.now();
  /** @type {import('./lesson-context.js').LessonContext} */
  const context = {
    lesson,
    solution: request.solution,
    url: request.url,
    clients,
    seconds: request.seconds,
    cleanup,
    style,
    report: (text, step = false) => progress.update(text, { step }),
    bar: (fraction, detail) => {
      const elapsed = Math.min(request.seconds, (fraction * request.seconds));
      progress.update(`${renderBar(fraction)} ${elapsed.toFixed(1)}/${request.seconds} s  ${detail}`);
    },
  };
  /** @type {string[]} */
  let table;
  try {
    table = await bench.run(context);
  } catch (error) {
    if (!(error instanceof BenchFailure)) throw error;
    progress.clear();
    process.stderr.write(`${style.red('✗')} npm run bench ${lesson.number}: ${error.message}\n`);
    return 1;
  } finally {
    progress.clear();
    await cleanup.closeAll();
  }
  const against = request.solution
    ? `the solution (${path.relative(REPO_ROOT, lesson.solutionDir)}), started and stopped by the bench`
    : `your app at ${request.url?.origin}`;
  console.log(
    [
      style.bold(`Lesson ${lesson.number} · ${lesson.title}`),
      `${bench.describe(clients)}; ${request.seconds} s${lesson.number === 4 ? ' each' : ''}, against ${against}.`,
      '',
      ...table,
      '',
      style.dim(
        `The load comes from one Node process on this machine, which shares its cores with the app: read the figures as an order of magnitude, ` +
          `and compare runs made on the same machine. (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`,
      ),
    ].join('\n'),
  );
  return 0;
}
