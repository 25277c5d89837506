import { FLOOR_ARGS, LESSON_GOAL, RESTART_GOAL, SAVE_VERDICT_GOAL } from './course-table.js';
import { measureLessonStart } from './lesson-start.js';
import { measureSaveToVerdict } from './save-verdict.js';
import { hasRedisServer, PrivateRedis } from '../lib/net/redis-server.js';
import { npmCommand, runTimed } from './timed-command.js';

const CHECK_DEADLINE_MS = 120_000;
const FLOOR_DEADLINE_MS = 30_000;

/**
 * @typedef {object} LessonTimes
 * @property {import('../lib/course/catalog.js').Lesson} lesson
 * @property {number[]} floor      ms, the runs alternated with this lesson's
 * @property {number[]} check      ms of the runs that passed
 * @property {string[]} checkProblems  runs that failed or passed their deadline
 * @property {number[]} start
 * @property {number[]} restart
 * @property {string[]} startProblems
 * @property {number[]} [verdict]  ms from the start of a check-on-save run to its current task's verdict
 * @property {string[]} [verdictProblems]
 * @property {{ check: number, lesson: number, restart?: number, verdict?: number }} goals  ratios to the floor: the check run, the start, the restart
 */

/**
 * Per lesson, `runs` rounds of: the floor, `npm run check N -- --solution`,
 * `npm run lesson N -- --solution` (start, then restart after a save). The
 * floor is measured in every round, so each lesson is compared with a floor
 * taken under the same load.
 * @param {import('../lib/course/catalog.js').Lesson[]} lessons
 * @param {{ runs: number, cleanup: import('../lib/figures/cleanup.js').Cleanup, report: (text: string, step?: boolean) => void }} options
 * @returns {Promise<LessonTimes[]>}
 */
export async function measureCourse(lessons, { runs, cleanup, report }) {
  const [npm, npmArgs] = npmCommand();
  const lessonEnv = await redisForLessons(lessons, cleanup, report);
  /** @type {LessonTimes[]} */
  const results = [];
  for (const lesson of lessons) {
    /** @type {LessonTimes} */
    const times = {
      lesson,
      floor: [],
      check: [],
      checkProblems: [],
      start: [],
      restart: [],
      startProblems: [],
      verdict: [],
      verdictProblems: [],
      goals: {
        check: lesson.manifest.checkGoal,
        lesson: LESSON_GOAL,
        restart: RESTART_GOAL,
        verdict: SAVE_VERDICT_GOAL,
      },
    };
    results.push(times);
    for (let round = 1; round <= runs; round += 1) {
      const where = `lesson ${lesson.number}, run ${round}/${runs}`;
      report(`${where}: floor (node + @nestjs/core)…`);
      const floor = await runTimed(process.execPath, FLOOR_ARGS, { deadlineMs: FLOOR_DEADLINE_MS, cleanup });
      if (floor.code === 0) times.floor.push(floor.ms);

      report(`${where}: npm run check ${lesson.number} -- --solution…`);
      const check = await runTimed(npm, [...npmArgs, 'run', 'check', String(lesson.number), '--', '--solution'], {
        deadlineMs: CHECK_DEADLINE_MS,
        cleanup,
      });
      if (check.code === 0) times.check.push(check.ms);
      else
        times.checkProblems.push(
          check.code === null
            ? `run ${round} passed its ${CHECK_DEADLINE_MS / 1000} s deadline`
            : `run ${round} exited with ${check.code}`,
        );

      report(`${where}: a check on save, until the current task's verdict…`);
      const verdict = await measureSaveToVerdict(lesson, { deadlineMs: CHECK_DEADLINE_MS, cleanup });
      if (verdict.ms !== undefined) times.verdict?.push(verdict.ms);
      if (verdict.problem) times.verdictProblems?.push(`run ${round}: ${verdict.problem}`);

      report(`${where}: npm run lesson ${lesson.number} -- --solution, start and restart…`);
      const started = await measureLessonStart(lesson, { env: lessonEnv, cleanup });
      if (started.startMs !== undefined) times.start.push(started.startMs);
      if (started.restartMs !== undefined) times.restart.push(started.restartMs);
      if (started.problem) times.startProblems.push(`run ${round}: ${started.problem}`);
    }
  }
  return results;
}

/**
 * Lesson 4's app needs a Redis at boot: a private one, unless REDIS_URL names one.
 * @param {import('../lib/course/catalog.js').Lesson[]} lessons @param {import('../lib/figures/cleanup.js').Cleanup} cleanup
 * @param {(text: string, step?: boolean) => void} report
 * @returns {Promise<NodeJS.ProcessEnv>}
 */
async function redisForLessons(lessons, cleanup, report) {
  if (!lessons.some((lesson) => lesson.number === 4) || process.env.REDIS_URL) return {};
  if (!hasRedisServer()) return {};
  report('starting a private redis-server for npm run lesson 4…', true);
  const redis = await PrivateRedis.start();
  cleanup.add('redis-server', () => redis.close());
  return { REDIS_URL: redis.url, REDIS_PREFIX: `bench-${process.pid}` };
}
