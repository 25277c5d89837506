import { TestEnvironment } from 'jest-environment-node';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HOST_EXIT } from '../net/host-exit.js';
import { STALL_SECONDS, STALL_WATCH_ENV, watchForStall } from '../net/stall-watchdog.js';

/**
 * This process's watch for a stall, once it has one: one watcher serves every check file it runs.
 * @type {import('../net/stall-watchdog.js').StallWatch | undefined}
 */
let watch;

/**
 * Jest's node environment, lending the real process's 'exit' to the code under test (see onHostExit):
 * a check run that is terminated still stops the redis-server it started. In a run of `npm run check`, the
 * process also ends, and says why, when the app blocks it for good (watchForStall).
 */
export default class CourseEnvironment extends TestEnvironment {
  /** @param {ConstructorParameters<typeof TestEnvironment>} args */
  constructor(...args) {
    super(...args);
    if (process.env[STALL_WATCH_ENV]) {
      const seconds = Number(process.env[STALL_WATCH_ENV]) || STALL_SECONDS;
      const lesson = path.basename(args[1].testPath).replace(/\.check\.ts$/, '');
      const reportFile = process.env.COURSE_REPORT_FILE;
      // Jest runs the file of a process that was ended again, in a new process: it would stall again.
      if (reportFile && stalledBefore(reportFile, lesson))
        throw new Error(`${STALLED_BEFORE}: for ${seconds} s nothing could run in the process that ran them.`);
      // In the run's own process (one check file, or Jest's choice), nobody is left to read the report.
      const ownReport = reportFile !== undefined && process.env.COURSE_REPORT_OWNER === String(process.pid);
      const report = {
        message: stallMessage(lesson, seconds),
        record:
          reportFile && !ownReport ? { file: reportFile, line: `${JSON.stringify({ stalled: lesson })}\n` } : undefined,
        leftBehind: ownReport ? [reportFile] : [],
      };
      // A worker runs one check file after another: a stall names the lesson whose checks run now.
      if (watch) watch.say(report);
      else watch = watchForStall({ seconds, ...report });
    }
    this.global[HOST_EXIT] = (/** @type {() => void} */ listener) => {
      process.once('exit', listener);
      return () => process.removeListener('exit', listener);
    };
  }
}

/** What a check file whose checks stalled earlier in the run says, instead of running them again. */
export const STALLED_BEFORE = 'These checks stopped earlier in this run';

/** @param {string} reportFile @param {string} lesson */
function stalledBefore(reportFile, lesson) {
  try {
    return readFileSync(reportFile, 'utf8').includes(JSON.stringify({ stalled: lesson }));
  } catch {
    return false;
  }
}

/** @param {string} lesson the check file's lesson, `01-gateway-basics` @param {number} seconds */
function stallMessage(lesson, seconds) {
  const where = path.relative(process.cwd(), path.resolve(process.env.COURSE_TREE ?? 'lessons', lesson));
  return [
    '',
    '',
    `The checks of ${where} stopped: for ${seconds} s nothing could run in the process that runs them.`,
    'The app is most likely in a loop that never ends and never waits (a while or for whose condition never',
    'changes, or a function that calls itself for ever): Node runs one piece of code at a time, so no check,',
    'timer or socket could go on. Look at the code you changed last; the lines above show how far the checks got.',
    '',
  ].join('\n');
}
