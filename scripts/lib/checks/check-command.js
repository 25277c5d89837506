import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';
import { killProcessGroup, spawnInGroup } from '../net/process-group.js';

/**
 * node's arguments for a run of a lesson's checks in a process of its own, as
 * `npm run check N -- --json` makes it: one JSON line per check as it
 * finishes, then an `end` line. The course page and the per-task proof run
 * their checks this way.
 * @param {number} lesson
 * @param {{ solution?: boolean, tree?: string, taskFirst?: boolean }} [which] the solution, or a copy of the lessons; else
 *   the learner's; `taskFirst`: the checks of the last run's first failing task first, with their verdict at once
 * @returns {string[]}
 */
export function checkCommand(lesson, { solution = false, tree, taskFirst = false } = {}) {
  return [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    path.join(REPO_ROOT, 'scripts', 'check.js'),
    String(lesson),
    '--json',
    ...(solution ? ['--solution'] : []),
    ...(tree ? ['--tree', tree] : []),
    ...(taskFirst ? ['--task-first'] : []),
  ];
}

/**
 * @typedef {{ type: string } & Record<string, unknown>} CheckLine one line of `check.js --json`: a `result` or the `end`
 * @typedef {object} CheckCommandEnd
 * @property {boolean} ended  the run reported its `end` line
 * @property {string} why     when it did not: how the process stopped
 * @property {string} output  the tail of what it wrote besides the JSON lines (stderr, else stdout)
 */

/**
 * Runs `check.js N --json` (node's arguments from checkCommand) in a child
 * process group of its own and hands each JSON line to `onLine` as it arrives;
 * anything else it prints is kept for the explanation. A run past `deadlineMs`
 * is killed, and `stop()` kills it: with its group, so the private redis-server
 * and the Jest workers it started go too.
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, deadlineMs: number, onLine: (line: CheckLine) => void }} options
 * @returns {{ child: import('node:child_process').ChildProcess, done: Promise<CheckCommandEnd>, stop: () => void }}
 */
export function spawnCheckCommand(args, { env = process.env, deadlineMs, onLine }) {
  const child = spawnInGroup(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => killProcessGroup(child.pid);
  let pending = '';
  let other = '';
  let stderr = '';
  let ended = false;
  child.stdout?.on('data', (chunk) => {
    pending += String(chunk);
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      const line = parseCheckLine(text);
      if (!line) {
        other = (other + text + '\n').slice(-4000);
        continue;
      }
      if (line.type === 'end') ended = true;
      onLine(line);
    }
  });
  child.stderr?.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
  child.on('error', (error) => (stderr += error.message));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, deadlineMs);
  /** @type {Promise<CheckCommandEnd>} */
  const done = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const why = timedOut
        ? `did not finish within ${deadlineMs >= 120_000 ? `${deadlineMs / 60_000} minutes` : `${deadlineMs / 1000} s`}`
        : signal
          ? `was stopped by ${signal}`
          : `stopped with exit code ${code}`;
      resolve({ ended, why, output: (stderr || other + pending).trim() });
    });
  });
  return { child, done, stop };
}

/** A line of `check.js --json`, or undefined for anything else. @param {string} text @returns {CheckLine | undefined} */
export function parseCheckLine(text) {
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text);
    return value && typeof value.type === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
