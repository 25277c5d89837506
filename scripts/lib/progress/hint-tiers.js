import { firstFailing, hintLead } from '../checks/check-output.js';
import { declaredChecks, hintsOf } from '../checks/hint-source.js';
import { listTasks } from '../course/catalog.js';
import { ProgressStore } from './progress.js';

/**
 * @typedef {object} HintStep what one call of `npm run hint N` (or the page's "More hint") reveals
 * @property {'no-run' | 'all-passed' | 'task-passed' | 'boot' | 'gone' | 'hint' | 'no-more'} status  'boot': the app
 *   did not start, so no hint applies; 'gone': the lesson's check file no longer has the check the last run failed;
 *   'task-passed': every check of the task asked for passed on the last run
 * @property {string} [check]  the first failing check of the last run
 * @property {number} [task]
 * @property {number} [tier]   the tier revealed now, from 1
 * @property {number} [tiers]  how many tiers the check has
 * @property {string} [text]   the tier's text
 * @property {string} [lead]   what the hint says first: an earlier task to fix before this check (hintLead)
 * @property {true} [startsOver] the tiers began again at 1: the check fails otherwise than when the learner read them
 * @property {{ check: string, hints: string[] }[]} [readBefore] with 'task-passed': every tier of each of the task's
 *   checks, to read again (the task is done, so they give nothing away)
 */

/** @typedef {(lesson: import('../course/catalog.js').Lesson, title: string) => string[] | undefined} HintSource */

/**
 * Reveals the next hint tier for the first failing check of the lesson's last
 * run, the one the run showed in full: the run showed its tier 1, so the first
 * call reveals tier 2, then one more per call, then 'no-more'. Another first
 * failing check starts again after its tier 1. The progress file says which
 * check and how many tiers were shown; the words come from the check file. A check that fails otherwise
 * than when its tiers were read starts over at tier 1 (ProgressStore.recordRun).
 *
 * With `task` (`npm run hint N -- --task K`), the check is that task's first failing one on the last run, or,
 * when the run has none of its checks on record (or there is no run yet), its first declared check; its
 * tiers go on from those already shown, and are recorded the same way.
 * @param {import('../course/catalog.js').Lesson} lesson
 * @param {ProgressStore} [store]
 * @param {HintSource} [source] a check's hint tiers by its title
 * @param {{ task?: number }} [options]
 * @returns {HintStep}
 */
export function revealNextHint(lesson, store = new ProgressStore(), source = hintsOf, { task } = {}) {
  const run = store.lesson(lesson.slug);
  if (task !== undefined) return revealTaskHint(lesson, task, run, store, source);
  if (!run) return { status: 'no-run' };
  const failing = firstFailing(run.checks);
  if (!failing) return { status: 'all-passed' };
  return revealFor(lesson, failing, run.checks, store, source);
}

/**
 * @param {import('../course/catalog.js').Lesson} lesson @param {number} task
 * @param {import('./progress.js').LessonProgress | undefined} run @param {ProgressStore} store @param {HintSource} source
 * @returns {HintStep}
 */
function revealTaskHint(lesson, task, run, store, source) {
  const ofTask = (run?.checks ?? []).filter((check) => check.task === task);
  if (run && ofTask.length > 0) {
    const failing = firstFailing(ofTask);
    if (!failing) return { status: 'task-passed', task, readBefore: readBefore(lesson, ofTask, source) };
    return revealFor(lesson, failing, run.checks, store, source);
  }
  const first = declaredChecks(lesson).find((check) => check.task === task);
  if (!first) return { status: 'gone', task };
  return revealFor(lesson, { title: first.title, task, status: 'failed' }, [], store, source);
}

/**
 * Every tier of each of these checks (the progress forgets the tiers shown of a check once it passes).
 * @param {import('../course/catalog.js').Lesson} lesson @param {import('./progress.js').CheckSummary[]} checks
 * @param {HintSource} source
 */
function readBefore(lesson, checks, source) {
  return checks.flatMap(({ title }) => {
    const hints = source(lesson, title) ?? [];
    return hints.length > 0 ? [{ check: title, hints }] : [];
  });
}

/**
 * The next tier of one check's hint, led by the earlier task the run shows it stands on.
 * @param {import('../course/catalog.js').Lesson} lesson
 * @param {import('./progress.js').CheckSummary} failing @param {import('./progress.js').CheckSummary[]} checks the run's
 * @param {ProgressStore} store @param {HintSource} source
 * @returns {HintStep}
 */
function revealFor(lesson, failing, checks, store, source) {
  if (failing.kind === 'boot') return { status: 'boot', check: failing.title };
  const hints = source(lesson, failing.title);
  if (!hints) return { status: 'gone', check: failing.title, task: failing.task };
  const shown = store.shownHintTiers(lesson.slug, failing.title);
  const lead = hintLead(failing, checks, listTasks(lesson), lesson.manifest.buildsOn);
  const about = { check: failing.title, task: failing.task, tiers: hints.length, ...(lead ? { lead } : {}) };
  if (shown >= hints.length) return { status: 'no-more', ...about };
  const startsOver = store.hintTiersStartedOver(lesson.slug, failing.title);
  store.recordHintTiers(lesson.slug, failing.title, shown + 1);
  return { status: 'hint', ...about, tier: shown + 1, text: hints[shown], ...(startsOver ? { startsOver } : {}) };
}

/**
 * The tiers shown so far of the check a step is about, from the check file: what the page lists.
 * @param {import('../course/catalog.js').Lesson} lesson @param {HintStep} step @param {HintSource} [source]
 * @returns {string[]}
 */
export function shownTiers(lesson, step, source = hintsOf) {
  const hints = (step.check && source(lesson, step.check)) || [];
  return hints.slice(0, step.status === 'hint' ? (step.tier ?? 1) : hints.length);
}
