import { Worker } from 'node:worker_threads';

/** How long this process's event loop may not run at all before the run is ended: no check blocks it that long. */
export const STALL_SECONDS = 45;

/**
 * Set by `npm run check`: each process that runs checks watches for a stall (see CourseEnvironment), for the
 * seconds it gives, or STALL_SECONDS when it is not a number.
 */
export const STALL_WATCH_ENV = 'COURSE_STALL_WATCH';

// The watcher runs on a thread of its own, so it still runs while the main thread is stuck. It counts its own
// ticks, not the clock: a laptop that slept has its timers late on both threads, and is not stuck.
const WATCHER = `
const { workerData, parentPort } = require('node:worker_threads');
const { appendFileSync, readdirSync, readFileSync, rmSync, writeSync } = require('node:fs');
const { beat, ticks } = workerData;
let { message, record, leftBehind } = workerData;
// A process runs one check file after another: the message names the one running now.
parentPort.on('message', (next) => ({ message, record, leftBehind } = next));
let last = Atomics.load(beat, 0);
let still = 0;
setInterval(() => {
  const now = Atomics.load(beat, 0);
  if (now !== last) {
    last = now;
    still = 0;
    return;
  }
  still += 1;
  if (still < ticks) return;
  writeSync(2, message);
  if (record) {
    try {
      appendFileSync(record.file, record.line);
    } catch {}
  }
  for (const file of leftBehind ?? []) rmSync(file, { force: true });
  for (const pid of descendants(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  process.kill(process.pid, 'SIGKILL');
}, 500);

// The processes this one started (a check's redis-server, a second app), found in /proc where there is one.
function descendants(root) {
  const children = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\\d+$/.test(name));
  } catch {
    return [];
  }
  for (const name of entries) {
    try {
      const stat = readFileSync('/proc/' + name + '/stat', 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {}
  }
  const found = [];
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}
`;

/**
 * @typedef {object} StallReport what to say when the process stalls
 * @property {string} message written to stderr
 * @property {{ file: string, line: string }} [record] a line appended to a file, for whoever runs this process
 * @property {string[]} [leftBehind] files this process would have removed had it ended on its own
 *
 * @typedef {object} StallWatch
 * @property {(report: StallReport) => void} say what to say from now on, when the process stalls
 * @property {() => void} stop stops watching
 */

/**
 * Ends this process, after writing `message` to stderr, once its event loop has not run for `seconds`: code
 * that loops without end on the main thread (a `while` whose condition never changes) would otherwise hold
 * the run, and the terminal, for ever, with no word. The processes it started are ended with it.
 * @param {StallReport & { seconds?: number }} options
 * @returns {StallWatch}
 */
export function watchForStall({ message, record, leftBehind, seconds = STALL_SECONDS }) {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const tick = setInterval(() => Atomics.add(beat, 0, 1), 250);
  tick.unref();
  const worker = new Worker(WATCHER, {
    eval: true,
    workerData: { beat, ticks: Math.max(1, Math.round(seconds * 2)), message, record, leftBehind },
  });
  worker.unref();
  return {
    say: (report) => worker.postMessage(report),
    stop: () => {
      clearInterval(tick);
      void worker.terminate();
    },
  };
}
