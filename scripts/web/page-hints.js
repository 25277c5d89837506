import { hintsOf } from '../lib/checks/hint-source.js';
import { revealNextHint, shownTiers } from '../lib/progress/hint-tiers.js';
import { ProgressStore } from '../lib/progress/progress.js';

/**
 * The page's "More hint": `npm run hint N`'s revealNextHint, answered with every tier shown so far.
 */

/** @typedef {import('../lib/course/catalog.js').Lesson} Lesson */

/**
 * @typedef {object} HintReveal
 * @property {string} [title]   the check the hints are for (the first failing one)
 * @property {string[]} hints   every tier shown so far, tier 1 first
 * @property {number} total     how many tiers the check has
 * @property {string} [lead]    what the hint says first: an earlier task to fix before this check
 * @property {string} [note]    when there is nothing new to show: why
 */

/**
 * One more tier for the lesson's first failing check, recorded like
 * `npm run hint N`. A run records tier 1 as shown (the page shows it with the
 * failure), so the first call reveals tier 2; should a run not have recorded
 * it, a first call that reveals tier 1 still goes on to tier 2.
 * @param {Lesson} lesson
 * @param {ProgressStore} [store]
 * @param {import('../lib/progress/hint-tiers.js').HintSource} [source] a check's tiers by its title (its check file)
 * @returns {HintReveal}
 */
export function revealHintForPage(lesson, store = new ProgressStore(), source = hintsOf) {
  let step = revealNextHint(lesson, store, source);
  if (step.status === 'hint' && step.tier === 1) step = revealNextHint(lesson, store, source);
  if (step.status === 'no-run')
    return { hints: [], total: 0, note: `No checks of lesson ${lesson.number} are recorded yet: run them first.` };
  if (step.status === 'all-passed')
    return {
      hints: [],
      total: 0,
      note: `Every check of lesson ${lesson.number} passed on the last run: no hint needed.`,
    };
  if (step.status === 'boot')
    return {
      hints: [],
      total: 0,
      note: 'On the last run the app did not start: fix the error the run shows (its file and line) first; the hints are for the checks.',
    };
  if (step.status === 'gone')
    return {
      hints: [],
      total: 0,
      note: `The check "${step.check}" of your last run has changed since: run the checks again.`,
    };
  const hints = shownTiers(lesson, step, source);
  return {
    title: step.check,
    hints,
    total: step.tiers ?? hints.length,
    ...(step.lead ? { lead: step.lead } : {}),
    ...(step.status === 'no-more' ? { note: 'That was the last hint.' } : {}),
  };
}
