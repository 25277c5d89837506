import path from 'node:path';
import { findLesson, REPO_ROOT } from '../course/catalog.js';
import { UsageError, BenchFailure } from '../cli/usage-error.js';
import { Cleanup } from '../figures/cleanup.js';
import { ProgressLine, renderBar } from '../figures/progress-line.js';

/**
 * `npm run bench N`: loads the learner's running app (or the solution) and prints the lesson's table.
 * @param {import('./bench-options.js').LessonRequest} request @param {import('../cli/terminal.js').Palette} style
 * @returns {Promise<number>} the exit code
 */
export async function benchLesson(request, style) {
  const lesson = findLesson(request.lessonArg);
  // One module per lesson, named in its lesson.json: what it measures is that lesson's wire contract.
  const { module, clients: defaultClients } = lesson.manifest.bench ?? {};
  if (!module || !/^[\w-]+\.js$/.test(module))
    throw new UsageError(`npm run bench: lesson ${lesson.number} has no bench yet`);
  const bench = /** @type {import('./lesson-context.js').LessonBench} */ (await import(`./${module}`));
  const clients = request.clients ?? defaultClients;
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
      const elapsed = Math.min(request.seconds, fraction * request.seconds);
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
      `${bench.describe(clients, lesson)}; ${request.seconds} s${lesson.number === 4 ? ' each' : ''}, against ${against}.`,
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
