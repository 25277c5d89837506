import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../lib/course/catalog.js';

const STOP_DEADLINE_MS = 5000;

/**
 * A command the course bench runs and times as a learner would see it: in its
 * own process group (npm, its shell, node, an app…), so that a deadline or a
 * Ctrl+C can stop all of it by the group's id, which is the PID of the process started here.
 */
export class GroupProcess {
  /** @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
  constructor(command, args, env = {}) {
    this.startedAt = performance.now();
    this.child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.output = '';
    const keep = (/** @type {Buffer} */ chunk) => (this.output = (this.output + String(chunk)).slice(-4000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    /** @type {Promise<{ code: number | null, at: number }>} */
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve({ code, at: performance.now() }));
      this.child.once('error', () => resolve({ code: -1, at: performance.now() }));
    });
    this.done = false;
    // The group does not get the terminal's Ctrl+C: if this process ends without stopping it, take it along.
    const killOnExit = () => this.signal('SIGKILL');
    process.once('exit', killOnExit);
    void this.exited.then(() => {
      this.done = true;
      process.removeListener('exit', killOnExit);
    });
  }

  /** @param {NodeJS.Signals} signal */
  signal(signal) {
    if (this.done || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is gone already
    }
  }

  /** Asks the whole group to stop (SIGINT, as Ctrl+C would), then SIGKILL after 5 s. */
  async stop() {
    if (this.done) return;
    this.signal('SIGINT');
    const timer = setTimeout(() => this.signal('SIGKILL'), STOP_DEADLINE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Runs a command to its end and times it from spawn to exit.
 * @param {string} command @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, deadlineMs: number, cleanup: import('../lib/figures/cleanup.js').Cleanup }} options
 * @returns {Promise<{ ms: number, code: number | null, output: string }>} code null when the deadline stopped it
 */
export async function runTimed(command, args, { env = {}, deadlineMs, cleanup }) {
  const run = new GroupProcess(command, args, env);
  const forget = cleanup.add(`${command} ${args.join(' ')}`, () => run.stop());
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    run.signal('SIGKILL');
  }, deadlineMs);
  const { code, at } = await run.exited;
  clearTimeout(timer);
  forget();
  return { ms: at - run.startedAt, code: late ? null : code, output: run.output };
}

/** How to call npm: the one running this script when there is one, else npm from the PATH. @returns {[string, string[]]} */
export function npmCommand(env = process.env) {
  return env.npm_execpath && /\.[cm]?js$/.test(env.npm_execpath) ? [process.execPath, [env.npm_execpath]] : ['npm', []];
}
