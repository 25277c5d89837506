import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../course/catalog.js';
import { summarizeError } from '../app/error-summary.js';
import { buildLesson, nodeArgsFor } from '../app/lesson-build.js';
import { BenchFailure } from '../cli/usage-error.js';
import { findFreePort, waitForPort } from '../net/ports.js';

const BOOT_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 3000;

/**
 * A lesson app the bench starts itself (`--solution`), on a free port, with
 * its output kept rather than shown, so it does not break the progress line.
 * It is stopped by its PID.
 */
export class LaunchedApp {
  /**
   * @param {{ lessonDir: string, name: string, env?: NodeJS.ProcessEnv }} options
   *   lessonDir: the lesson folder in its tree; name: how failures call it ("the solution app", "instance B")
   */
  static async start({ lessonDir, name, env = {} }) {
    const entry = await buildLesson(lessonDir);
    const port = await findFreePort();
    const app = new LaunchedApp(name, port);
    const child = spawn(
      process.execPath,
      nodeArgsFor(entry),
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'development', ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    app.child = child;
    const keep = (/** @type {Buffer} */ chunk) => (app.output = (app.output + String(chunk)).slice(-8000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => (app.child = undefined));
    const up = await waitForPort(port, { listening: true, deadlineMs: BOOT_DEADLINE_MS, gaveUp: () => app.child === undefined });
    if (up === undefined) {
      const why = app.child === undefined ? 'stopped while booting' : `did not listen within ${BOOT_DEADLINE_MS / 1000} s`;
      await app.stop();
      throw new BenchFailure(`${name} ${why}: ${summarizeError(app.output || 'it printed nothing').split('\n')[0]}`);
    }
    return app;
  }

  /** @param {string} name @param {number} port */
  constructor(name, port) {
    this.name = name;
    this.port = port;
    this.url = new URL(`http://localhost:${port}`);
    this.output = '';
    /** @type {import('node:child_process').ChildProcess | undefined} */
    this.child = undefined;
  }

  /** SIGTERM, then SIGKILL when it is still there after 3 s. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
    await exited;
    clearTimeout(timer);
  }
}
