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
const { workerData } = require('node:worker_threads');
const { readdirSync, readFileSync, writeSync } = require('node:fs');
const { beat, ticks, message } = workerData;
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
 * Ends this process, after writing `message` to stderr, once its event loop has not run for `seconds`: code
 * that loops without end on the main thread (a `while` whose condition never changes) would otherwise hold
 * the run, and the terminal, for ever, with no word. The processes it started are ended with it.
 * @param {{ message: string, seconds?: number }} options
 * @returns {() => void} stops watching
 */
export function watchForStall({ message, seconds = STALL_SECONDS }) {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const tick = setInterval(() => Atomics.add(beat, 0, 1), 250);
  tick.unref();
  const worker = new Worker(WATCHER, {
    eval: true,
    workerData: { beat, ticks: Math.max(1, Math.round(seconds * 2)), message },
  });
  worker.unref();
  return () => {
    clearInterval(tick);
    void worker.terminate();
  };
}
