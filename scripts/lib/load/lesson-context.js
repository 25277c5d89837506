import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';
import { LaunchedApp } from '../app/launched-app.js';
import { BenchFailure } from '../cli/usage-error.js';
import { expectAppAt, httpJson } from '../net/http-client.js';

/**
 * @typedef {object} LessonContext what a lesson's bench gets
 * @property {import('../course/catalog.js').Lesson} lesson
 * @property {boolean} solution  start the solution rather than use the learner's app
 * @property {URL | undefined} url  the learner's app (undefined with --solution)
 * @property {number} clients
 * @property {number} seconds
 * @property {import('../figures/cleanup.js').Cleanup} cleanup
 * @property {(text: string, step?: boolean) => void} report  one progress line
 * @property {(fraction: number, detail: string) => void} bar  the progress bar of the measurement that runs
 * @property {import('../cli/terminal.js').Palette} style
 *
 * @typedef {object} LessonBench one module per lesson under scripts/lib/load/
 * @property {(clients: number, lesson: import('../course/catalog.js').Lesson) => string} describe what one run does, for the header line
 * @property {(context: LessonContext) => Promise<string[]>} run measures, and returns the result table's lines
 */

/**
 * The app to put under load: the learner's at `url` (it must answer), or the
 * lesson's solution started on a free port (stopped at the end, or on Ctrl+C).
 * @param {LessonContext} context @param {{ name?: string, env?: NodeJS.ProcessEnv, url?: URL, howToStart?: string }} [options]
 * @returns {Promise<URL>}
 */
export async function appUnderLoad(
  context,
  { name = 'the solution app', env = {}, url = context.url, howToStart } = {},
) {
  if (!context.solution) {
    const base = /** @type {URL} */ (url);
    await expectAppAt(base, context.lesson.number, howToStart);
    return base;
  }
  context.report(`starting ${name} (${path.relative(REPO_ROOT, context.lesson.solutionDir)})…`, true);
  const app = await LaunchedApp.start({
    lessonDir: context.lesson.solutionDir,
    name,
    env,
    failure: (message) => new BenchFailure(message),
  });
  context.cleanup.add(name, () => app.stop());
  return app.url;
}

/**
 * A request to the app under load, answered within 5 s, or the bench ends with one line saying so.
 * @param {URL} base @param {string} route @param {import('../net/http-client.js').HttpOptions} [options]
 */
export function benchRequest(base, route, options = {}) {
  return httpJson(new URL(route, base), {
    ...options,
    failure: ({ method, reason }) => new BenchFailure(`${method} ${route} on ${base.origin} got no answer (${reason})`),
  });
}

/** An answer's body for a one-line message: its JSON, or its text, cut at 120 characters. @param {{ body: unknown, text: string }} reply */
export function shortBody({ body, text }) {
  return JSON.stringify(body ?? text).slice(0, 120);
}
