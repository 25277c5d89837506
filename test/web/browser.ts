import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { LaunchedApp } from '../../scripts/lib/app/launched-app.js';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';

/** Where the browser tests look for Chromium: CHROMIUM_PATH, else Debian's package. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path?: string; reason?: string } {
  if (env.CHROMIUM_PATH) {
    return existsSync(env.CHROMIUM_PATH) ? { path: env.CHROMIUM_PATH } : { reason: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist` };
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return { path: candidate };
  return { reason: 'no Chromium at /usr/bin/chromium and CHROMIUM_PATH is not set' };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const INSTALL_CHROMIUM = 'apt-get install -y chromium (or set CHROMIUM_PATH)';

/**
 * Tells `npm test` that a browser test was skipped, and why: it prints the
 * note in its summary (a test that only says so would count as passed).
 */
export function noteSkipped(title: string, message: string): void {
  const file = process.env.COURSE_REPORT_FILE;
  const line = { lesson: 'course page', tree: 'browser', title, status: 'skipped', message, hints: [], baseline: false, ms: 0 };
  if (file) appendFileSync(file, `${JSON.stringify(line)}\n`);
  else process.stderr.write(`skipped: ${title}: ${message}\n`);
}

export interface RunningApp {
  port: number;
  stop(): Promise<void>;
}

/** A lesson's solution app, as `npm run lesson N -- --solution` runs it, on a free port. */
export async function startSolutionApp(slug: string, env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const app = await LaunchedApp.start({
    lessonDir: path.join(REPO_ROOT, 'solutions', slug),
    name: `the ${slug} solution`,
    baseEnv: {},
    env,
    bootDeadlineMs: 60_000,
  });
  return { port: app.port, stop: () => app.stop() };
}

/** The site's check runs, and the apps, get an environment without the test runner's own. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.JEST_WORKER_ID;
  delete env.REDIS_URL;
  return env;
}
