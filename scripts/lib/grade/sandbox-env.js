/**
 * The environment a learner's lesson runs in: only what the checks need, so
 * that nothing of the instructor's (tokens, cloud keys, SSH agent) reaches
 * learner code through process.env.
 */

/** The course's own variables, passed on when the instructor set them. */
export const COURSE_VARIABLES = ['REDIS_URL', 'COURSE_CHECKS_AT_ONCE'];

/**
 * @param {string} home a temporary directory of this run only: HOME and TMPDIR
 * @param {NodeJS.ProcessEnv} [from] the grader's own environment
 * @returns {NodeJS.ProcessEnv}
 */
export function sandboxEnv(home, from = process.env) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    PATH: from.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    NODE_ENV: 'test',
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
  for (const name of COURSE_VARIABLES) {
    if (from[name] !== undefined && from[name] !== '') env[name] = from[name];
  }
  return env;
}
