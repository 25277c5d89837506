import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { findFreePort, waitForPort } from '../lib/net/ports.js';
import { GroupProcess, npmCommand } from './timed-command.js';

const START_DEADLINE_MS = 60_000;
const STOP_NOTICED_DEADLINE_MS = 10_000;

/**
 * @typedef {{ startMs: number | undefined, restartMs: number | undefined, problem?: string }} StartTimes
 */

/**
 * `npm run lesson N -- --solution`: the time from spawn until the app listens,
 * then, after touching the lesson's main.ts (a save), the time until it listens again.
 * @param {import('../lib/course/catalog.js').Lesson} lesson
 * @param {{ env?: NodeJS.ProcessEnv, cleanup: import('../lib/figures/cleanup.js').Cleanup }} options
 * @returns {Promise<StartTimes>}
 */
export async function measureLessonStart(lesson, { env = {}, cleanup }) {
  const port = await findFreePort();
  const coursePort = await findFreePort();
  const [npm, npmArgs] = npmCommand();
  const run = new GroupProcess(npm, [...npmArgs, 'run', 'lesson', String(lesson.number), '--', '--solution'], {
    ...env,
    PORT: String(port),
    COURSE_PORT: String(coursePort),
  });
  const forget = cleanup.add(`npm run lesson ${lesson.number}`, () => run.stop());
  const gaveUp = () => run.done;
  try {
    const listening = await waitForPort(port, { listening: true, deadlineMs: START_DEADLINE_MS, gaveUp });
    if (listening === undefined)
      return { startMs: undefined, restartMs: undefined, problem: problem(run, 'did not listen', START_DEADLINE_MS) };
    const startMs = listening - run.startedAt;

    const saved = performance.now();
    const now = new Date();
    await utimes(path.join(lesson.solutionDir, 'src', 'main.ts'), now, now);
    const stopped = await waitForPort(port, { listening: false, deadlineMs: STOP_NOTICED_DEADLINE_MS, gaveUp });
    if (stopped === undefined)
      return {
        startMs,
        restartMs: undefined,
        problem: problem(run, 'did not restart after a save', STOP_NOTICED_DEADLINE_MS),
      };
    const again = await waitForPort(port, { listening: true, deadlineMs: START_DEADLINE_MS, gaveUp });
    if (again === undefined)
      return {
        startMs,
        restartMs: undefined,
        problem: problem(run, 'did not listen again after a save', START_DEADLINE_MS),
      };
    return { startMs, restartMs: again - saved };
  } finally {
    await run.stop();
    forget();
  }
}

/** @param {GroupProcess} run @param {string} what @param {number} deadlineMs */
function problem(run, what, deadlineMs) {
  const last = run.output.trim().split('\n').slice(-1)[0] ?? '';
  return run.done ? `the lesson ${what}: it stopped (${last})` : `the app ${what} within ${deadlineMs / 1000} s`;
}
