import { spawnSync } from 'node:child_process';
import { checkCommand as checkCommandOf } from '../lib/check-command.js';
import { revealNextHint } from '../lib/hint-tiers.js';
import { ProgressStore } from '../lib/progress.js';

/**
 * The engine's commands as the page uses them: a check run is
 * `check.js N --json` in a child process, and "More hint" is `npm run hint N`'s
 * revealNextHint, answered with every tier shown so far.
 */

/** @typedef {import('../lib/catalog.js').Lesson} Lesson */

/**
 * The environment of a check run started from the page. `npm run lesson 4` passes the app its REDIS_URL,
 * and a run that inherited it could not stop Redis, so it would skip the checks of an outage: the page's
 * runs start a private redis-server instead, like `npm run check` in a fresh terminal. Only when there
 * is no redis-server to start is REDIS_URL kept (the skipped checks then say why).
 * @param {NodeJS.ProcessEnv} env
 * @param {() => boolean} [canStartRedis]
 * @returns {NodeJS.ProcessEnv}
 */
export function checkRunEnv(env, canStartRedis = redisServerOnPath) {
  if (env.REDIS_URL === undefined || !canStartRedis()) return { ...env };
  const { REDIS_URL: _shared, ...rest } = env;
  return rest;
}

/** @type {boolean | undefined} */
let redisServerFound;
function redisServerOnPath() {
  redisServerFound ??= spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  return redisServerFound;
}

/**
 * node's arguments for a run of the lesson's checks, recorded in progress like `npm run check N`.
 * @param {Lesson} lesson @param {boolean} solution
 * @returns {string[]}
 */
export function checkCommand(lesson, solution) {
  return checkCommandOf(lesson.number, { solution });
}

/**
 * @typedef {object} HintReveal
 * @property {string} [title]   the check the hints are for (the first failing one)
 * @property {string[]} hints   every tier shown so far, tier 1 first
 * @property {number} total     how many tiers the check has
 * @property {string} [note]    when there is nothing new to show: why
 */

/**
 * One more tier for the lesson's first failing check, recorded like
 * `npm run hint N`. A run records tier 1 as shown (the page shows it with the
 * failure), so the first call reveals tier 2; should a run not have recorded
 * it, a first call that reveals tier 1 still goes on to tier 2.
 * @param {Lesson} lesson
 * @param {ProgressStore} [store]
 * @returns {HintReveal}
 */
export function revealHintForPage(lesson, store = new ProgressStore()) {
  let step = revealNextHint(lesson, store);
  if (step.status === 'hint' && step.tier === 1) step = revealNextHint(lesson, store);
  if (step.status === 'no-run') return { hints: [], total: 0, note: `No checks of lesson ${lesson.number} are recorded yet: run them first.` };
  if (step.status === 'all-passed') return { hints: [], total: 0, note: `Every check of lesson ${lesson.number} passed on the last run: no hint needed.` };
  if (step.status === 'boot') return { hints: [], total: 0, note: 'On the last run the app did not start: fix the error the run shows (its file and line) first; the hints are for the checks.' };
  const hints = store.lesson(lesson.slug)?.checks.find((check) => check.title === step.check)?.hints ?? [];
  const shown = step.status === 'hint' ? (step.tier ?? 1) : hints.length;
  return {
    title: step.check,
    hints: hints.slice(0, shown),
    total: step.tiers ?? hints.length,
    ...(step.status === 'no-more' ? { note: 'That was the last hint.' } : {}),
  };
}
