import { TestEnvironment } from 'jest-environment-node';
import path from 'node:path';
import { HOST_EXIT } from '../net/host-exit.js';
import { STALL_SECONDS, STALL_WATCH_ENV, watchForStall } from '../net/stall-watchdog.js';

/** Whether this process watches for a stall already: one watcher serves every check file it runs. */
let watching = false;

/**
 * Jest's node environment, lending the real process's 'exit' to the code under test (see onHostExit):
 * a check run that is terminated still stops the redis-server it started. In a run of `npm run check`, the
 * process also ends, and says why, when the app blocks it for good (watchForStall).
 */
export default class CourseEnvironment extends TestEnvironment {
  /** @param {ConstructorParameters<typeof TestEnvironment>} args */
  constructor(...args) {
    super(...args);
    if (process.env[STALL_WATCH_ENV] && !watching) {
      watching = true;
      const seconds = Number(process.env[STALL_WATCH_ENV]) || STALL_SECONDS;
      const lesson = path.basename(args[1].testPath).replace(/\.check\.ts$/, '');
      watchForStall({ seconds, message: stallMessage(lesson, seconds) });
    }
    this.global[HOST_EXIT] = (/** @type {() => void} */ listener) => {
      process.once('exit', listener);
      return () => process.removeListener('exit', listener);
    };
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
