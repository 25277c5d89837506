import { UsageError } from '../cli/usage-error.js';
import { parsePort } from '../net/ports.js';
import { parseLoopbackUrl } from './loopback-url.js';

export const LIMITS = {
  clients: { min: 1, max: 1000 },
  seconds: { min: 1, max: 30, default: 5 },
};

export const USAGE = 'npm run bench <lesson> [-- --solution | --url URL] [-- --clients K] [-- --seconds S]';

/**
 * @typedef {{ kind: 'lesson', lessonArg: string, solution: boolean, url: URL | undefined, clients: number | undefined, seconds: number }} LessonRequest
 *   url is undefined with --solution (the bench starts the app); clients is undefined for the lesson's default
 */

/**
 * What `npm run bench` was asked to do, with every number checked.
 * @param {string[]} positionals @param {Record<string, string | boolean | undefined>} flags
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {LessonRequest}
 */
export function parseBenchRequest(positionals, flags, env = process.env) {
  if (positionals.length === 0) throw new UsageError(`npm run bench: which lesson? Usage: ${USAGE}`);
  const solution = Boolean(flags.solution);
  if (solution && flags.url !== undefined) {
    throw new UsageError('npm run bench: --solution starts its own app, so it takes no --url; give one of them');
  }
  return {
    kind: 'lesson',
    lessonArg: positionals[0],
    solution,
    url: solution ? undefined : parseLoopbackUrl(flags.url === undefined ? defaultUrl(env) : String(flags.url)),
    clients: wholeNumber('clients', flags.clients, LIMITS.clients),
    seconds: wholeNumber('seconds', flags.seconds, LIMITS.seconds) ?? LIMITS.seconds.default,
  };
}

/** The address `npm run lesson` serves on: http://localhost:PORT, PORT default 3000. @param {NodeJS.ProcessEnv} env */
export function defaultUrl(env) {
  return `http://localhost:${parsePort('npm run bench: PORT', env.PORT, 3000)}`;
}

/**
 * @param {string} name @param {string | boolean | undefined} value @param {{ min: number, max: number }} limits
 * @param {string} [command] the command named in the refusal
 * @returns {number | undefined} undefined when the flag was not given
 */
export function wholeNumber(name, value, { min, max }, command = 'npm run bench') {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${command}: --${name} takes a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}
