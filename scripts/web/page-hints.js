import { revealNextHint } from '../lib/progress/hint-tiers.js';
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
  const hints = store.lesson(lesson.slug)?.checks.find((check) => check.title === step.check)?.hints ?? [];
  const shown = step.status === 'hint' ? (step.tier ?? 1) : hints.length;
  return {
    title: step.check,
    hints: hints.slice(0, shown),
    total: step.tiers ?? hints.length,
    ...(step.status === 'no-more' ? { note: 'That was the last hint.' } : {}),
  };
}
