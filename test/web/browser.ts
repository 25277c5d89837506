import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { developmentSecretEnv } from '../../scripts/lib/app/development-secret.js';
import { buildLesson, nodeArgsFor } from '../../scripts/lib/app/lesson-build.js';
import { findFreePort, waitForPort } from '../../scripts/lib/net/ports.js';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { createCourseSite } from '../../scripts/web/server.js';

/** Where the browser tests look for Chromium: CHROMIUM_PATH, else Debian's package. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path?: string; reason?: string } {
  if (env.CHROMIUM_PATH) {
    return existsSync(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH }
      : { reason: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist` };
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (existsSync(candidate)) return { path: candidate };
  return { reason: 'no Chromium at /usr/bin/chromium and CHROMIUM_PATH is not set' };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const INSTALL_CHROMIUM = 'apt-get install -y chromium (or set CHROMIUM_PATH)';

/** Chromium at `executablePath` as the page tests drive it. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    // evil.test is a foreign name that resolves to this machine: DNS rebinding.
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP evil.test 127.0.0.1'],
    timeout: 60_000,
  });
}

export interface RunningApp {
  port: number;
  stop(): Promise<void>;
}

/**
 * A lesson's app as `npm run lesson N` runs it (`-- --solution`: tree `solutions`), on a free port or
 * the one given (a restart on the same port).
 */
export async function startLessonApp(
  tree: 'lessons' | 'solutions',
  slug: string,
  env: NodeJS.ProcessEnv = {},
  wantedPort?: number,
): Promise<RunningApp> {
  const entry = await buildLesson(path.join(REPO_ROOT, tree, slug));
  const port = wantedPort ?? (await findFreePort());
  const child: ChildProcess = spawn(process.execPath, nodeArgsFor(entry), {
    cwd: REPO_ROOT,
    // The key npm run lesson gives the app, so that a token outlives a restart as it does there.
    env: {
      ...process.env,
      NODE_ENV: 'development',
      ...developmentSecretEnv({ ...process.env, ...env }),
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void gone.then(() => (exited = true));
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  };
  try {
    const listening = await waitForPort(port, { listening: true, deadlineMs: 60_000, gaveUp: () => exited });
    if (listening === undefined)
      throw new Error(
        exited
          ? `the ${tree}/${slug} app stopped before listening:\n${output}`
          : `nothing listened on port ${port} within 60 s`,
      );
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

/** A lesson's solution app, as `npm run lesson N -- --solution` runs it, on a free port. */
export function startSolutionApp(slug: string, env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  return startLessonApp('solutions', slug, env);
}

/** The site's check runs, and the apps, get an environment without the test runner's own. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.JEST_WORKER_ID;
  delete env.REDIS_URL;
  return env;
}

/** What axe found that is serious or critical, one line each (none is the goal). */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${where}: ${violation.id} (${violation.impact}) ${violation.nodes.length}× ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    );
}

export interface SiteInChromium {
  /** The Chromium the tests drive. */
  readonly browser: Browser;
  /** The site's address, e.g. `http://localhost:40123`. */
  readonly url: string;
}

/**
 * Inside a `describe`: the course site, serving the starters with no app running and a progress file of
 * its own, and a Chromium to read it with; both started before the tests and stopped after them.
 */
export function courseSiteInChromium(executablePath: string, name: string): SiteInChromium {
  let browser: Browser | undefined;
  let port = 0;
  let progressDir = '';
  let close: () => Promise<unknown> = async () => undefined;
  beforeAll(async () => {
    progressDir = mkdtempSync(path.join(tmpdir(), `course-${name}-`));
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
    const site = createCourseSite({
      solution: false,
      apps: {},
      env: childEnv({ COURSE_PROGRESS_FILE: path.join(progressDir, 'progress.json') }),
    });
    port = await site.listen(0);
    close = () => site.close();
  }, 90_000);
  afterAll(async () => {
    await close().catch(() => undefined);
    await browser?.close();
    if (progressDir) rmSync(progressDir, { recursive: true, force: true });
  }, 30_000);
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not running: the tests run only after beforeAll');
      return browser;
    },
    get url() {
      return `http://localhost:${port}`;
    },
  };
}

/**
 * A picture of one element for people to look at, not an assertion: the page's screenshot clipped to the element,
 * which does not wait for it to hold still over two frames as an element's screenshot does (a busy machine
 * starves those frames, and the test would fail on a picture).
 */
export async function pictureOf(page: Page, element: Locator, file: string): Promise<void> {
  await element.scrollIntoViewIfNeeded();
  const clip = await element.boundingBox();
  if (clip) await page.screenshot({ path: file, clip });
}
