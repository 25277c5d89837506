import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../course/catalog.js';
import { stopChild } from '../net/child-process.js';
import { findFreePort, waitForPort } from '../net/ports.js';
import { developmentSecretEnv } from './development-secret.js';
import { summarizeError } from './error-summary.js';
import { buildLesson, nodeArgsFor } from './lesson-build.js';

const BOOT_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 3000;

/**
 * A lesson app started in a process of its own on a free port, as `npm run
 * lesson N` runs it (the bench's `--solution`, the page tests), with its
 * output kept rather than shown. It is stopped by its PID.
 */
export class LaunchedApp {
  /**
   * @param {{ lessonDir: string, name: string, env?: NodeJS.ProcessEnv, baseEnv?: NodeJS.ProcessEnv,
   *   bootDeadlineMs?: number, failure?: (message: string) => Error }} options
   *   lessonDir: the lesson folder in its tree; name: how failures call it ("the solution app", "instance B");
   *   env: added to baseEnv (default: this process's environment); failure: how a failed boot is reported
   */
  static async start({
    lessonDir,
    name,
    env = {},
    baseEnv = process.env,
    bootDeadlineMs = BOOT_DEADLINE_MS,
    failure = (message) => new Error(message),
  }) {
    const entry = await buildLesson(lessonDir);
    const port = await findFreePort();
    const app = new LaunchedApp(name, port);
    const appEnv = { ...baseEnv, NODE_ENV: baseEnv.NODE_ENV || 'development', ...env, PORT: String(port) };
    const development = appEnv.NODE_ENV === 'development' || appEnv.NODE_ENV === 'test';
    const child = spawn(process.execPath, nodeArgsFor(entry), {
      cwd: REPO_ROOT,
      env: development ? { ...appEnv, ...developmentSecretEnv(appEnv) } : appEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.child = child;
    const keep = (/** @type {Buffer} */ chunk) => (app.output = (app.output + String(chunk)).slice(-8000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => (app.child = undefined));
    const up = await waitForPort(port, {
      listening: true,
      deadlineMs: bootDeadlineMs,
      gaveUp: () => app.child === undefined,
    });
    if (up === undefined) {
      const why =
        app.child === undefined ? 'stopped while booting' : `did not listen within ${bootDeadlineMs / 1000} s`;
      await app.stop();
      throw failure(`${name} ${why}: ${summarizeError(app.output || 'it printed nothing').split('\n')[0]}`);
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
    await stopChild(this.child, STOP_DEADLINE_MS);
  }
}
