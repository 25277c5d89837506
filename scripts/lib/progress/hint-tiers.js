import { ProgressStore } from './progress.js';

/**
 * @typedef {object} HintStep what one call of `npm run hint N` (or the page's "More hint") reveals
 * @property {'no-run' | 'all-passed' | 'hint' | 'no-more'} status
 * @property {string} [check]  the first failing check of the last run
 * @property {number} [task]
 * @property {number} [tier]   the tier revealed now, from 1
 * @property {number} [tiers]  how many tiers the check has
 * @property {string} [text]   the tier's text
 */

/**
 * Reveals the next hint tier for the first failing check of the lesson's last
 * run: tier 1 on the first call (the failure showed it too, but the learner
 * asked), one more per call, then 'no-more'. Another first failing check
 * starts again at tier 1.
 * @param {import('../course/catalog.js').Lesson} lesson
 * @param {ProgressStore} [store]
 * @returns {HintStep}
 */
export function revealNextHint(lesson, store = new ProgressStore()) {
  const run = store.lesson(lesson.slug);
  if (!run) return { status: 'no-run' };
  const failing = run.checks.find((check) => check.status === 'failed');
  if (!failing) return { status: 'all-passed' };
  const hints = failing.hints ?? [];
  const shown = run.hintTiers?.[failing.title] ?? 0;
  const about = { check: failing.title, task: failing.task, tiers: hints.length };
  if (shown >= hints.length) return { status: 'no-more', ...about };
  store.recordHintTiers(lesson.slug, failing.title, shown + 1);
  return { status: 'hint', ...about, tier: shown + 1, text: hints[shown] };
}
