import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';
import { checkCommand, parseCheckLine } from '../checks/check-command.js';
import { sandboxEnv } from './sandbox-env.js';
import { killProcessGroup } from '../net/process-group.js';

/** @typedef {import('./lesson-grade.js').LessonRun} LessonRun */

/** Beyond this much output on stdout and stderr together, a run is stopped: a flood must not fill the grader's memory. */
export const OUTPUT_LIMIT_BYTES = 16 * 1024 * 1024;
const STDERR_KEPT = 8 * 1024;

/** Runs still going, by process group, with their temporary HOME: an interrupted grading stops and removes them all. @type {Map<number, string>} */
const running = new Map();

/** Stops every run still going and removes its HOME (Ctrl+C, or the grader failing). */
export function stopAllRuns() {
  for (const [group, home] of running) {
    killProcessGroup(group);
    rmSync(home, { recursive: true, force: true });
  }
  running.clear();
}

/**
 * Runs the course's checks of one lesson against a tree holding only the
 * learner's `NN-slug/src`, in a process group of its own with a scrubbed
 * environment, a temporary HOME and TMPDIR, a deadline and an output limit.
 * Whatever the run started (a private redis-server, a child of the app) is
 * killed with its group when it ends.
 * @param {{ lesson: number, tree: string, timeoutSeconds: number, outputLimit?: number }} options
 * @returns {Promise<LessonRun>}
 */
export function runLesson({ lesson, tree, timeoutSeconds, outputLimit = OUTPUT_LIMIT_BYTES }) {
  const home = mkdtempSync(path.join(tmpdir(), 'course-grade-home-'));
  const started = performance.now();
  // A CPU-time limit the kernel enforces, in case the grader itself is killed before its deadline fires
  // (an endless loop would otherwise spin on); twice the wall-clock limit, as a run uses more than one core.
  const cpuSeconds = Math.ceil(timeoutSeconds * 2);
  const child = spawn(
    '/bin/sh',
    ['-c', `ulimit -t ${cpuSeconds} && exec "$0" "$@"`, process.execPath, ...checkCommand(lesson, { tree })],
    {
      cwd: REPO_ROOT,
      env: sandboxEnv(home),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const group = /** @type {number} */ (child.pid);
  running.set(group, home);
  /** @type {LessonRun['results']} */
  const results = [];
  /** @type {LessonRun['end']} */
  let end;
  /** @type {LessonRun['stop']} */
  let stop = 'exited';
  let bytes = 0;
  let pending = '';
  let stderr = '';
  const stopWith = (/** @type {LessonRun['stop']} */ why) => {
    if (stop === 'exited') stop = why;
    killProcessGroup(group);
  };
  const count = (/** @type {Buffer} */ chunk) => {
    bytes += chunk.length;
    if (bytes > outputLimit) stopWith('too much output');
  };
  child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
    count(chunk);
    if (stop !== 'exited') return;
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) hear(line);
  });
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
    count(chunk);
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
  });
  /** @param {string} line */
  const hear = (line) => {
    const message = /** @type {any} */ (parseCheckLine(line));
    if (message?.type === 'result') {
      const { type, ...result } = message;
      results.push(result);
    } else if (message?.type === 'end') {
      end = { bootFailure: message.bootFailure ?? null, suiteErrors: message.suiteErrors ?? [] };
    }
  };
  const deadline = setTimeout(() => stopWith('timed out'), timeoutSeconds * 1000);
  return new Promise((resolve) => {
    let finished = false;
    const finish = (/** @type {number | null} */ code) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      child.stdout.destroy();
      child.stderr.destroy();
      if (stop === 'exited' && pending) hear(pending);
      running.delete(group);
      rmSync(home, { recursive: true, force: true });
      resolve({ results, end, stop, code, stderr, seconds: (performance.now() - started) / 1000, timeoutSeconds });
    };
    child.on('exit', (code) => {
      // The checks' process has ended; anything it left in its group (a private Redis, a child of the app) goes too.
      killProcessGroup(group);
      // Its output is read to the end, unless a process that left the group still holds the pipe.
      const drained = setTimeout(() => finish(code), 2000);
      child.on('close', () => {
        clearTimeout(drained);
        finish(code);
      });
    });
  });
}
