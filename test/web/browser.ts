import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { buildLesson, nodeArgsFor } from '../../scripts/lib/app/lesson-build.js';

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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves once something accepts connections on 127.0.0.1:port; rejects after `within` ms. */
export function waitForPort(port: number, within: number, stillAlive: () => string | undefined): Promise<void> {
  const deadline = Date.now() + within;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const gone = stillAlive();
      if (gone) return reject(new Error(gone));
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listened on port ${port} within ${within} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export interface RunningApp {
  port: number;
  stop(): Promise<void>;
}

/** A lesson's solution app, as `npm run lesson N -- --solution` runs it, on a free port. */
export async function startSolutionApp(slug: string, env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const entry = await buildLesson(path.join(REPO_ROOT, 'solutions', slug));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    nodeArgsFor(entry),
    { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'development', PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
    await waitForPort(port, 60_000, () => (exited ? `the ${slug} solution stopped before listening:\n${output}` : undefined));
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

/** The site's check runs, and the apps, get an environment without the test runner's own. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.JEST_WORKER_ID;
  delete env.REDIS_URL;
  return env;
}
