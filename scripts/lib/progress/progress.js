import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';

/**
 * @typedef {object} CheckSummary
 * @property {string} title
 * @property {'passed' | 'failed' | 'skipped'} status
 * @property {number} [task]
 * @property {boolean} [baseline]
 * @property {string} [kind]  how a failed check failed: 'boot' when the app did not start
 * @property {number} [needs] the earlier task whose behaviour the failure showed missing (`t.needs`)
 * @property {string} [failure] how a failed check failed: a hash of its message's shape (failure-shape.js), never
 *   its words; the hint tiers shown go on while it stays the same
 *
 * @typedef {object} LessonProgress
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 * @property {number} total
 * @property {string} at           ISO time of the run
 * @property {CheckSummary[]} checks
 * @property {Record<string, number>} [hintTiers] how many tiers of each check's hint were shown (their words
 *   stay in the check file: scripts/lib/checks/hint-source.js reads them there); 0 when they started over
 *   because the check's failure changed, and no tier of the new one was shown yet
 * @property {boolean} [solutionShown] the learner chose to see the solution while checks still failed
 *
 * @typedef {{ lessons: Record<string, LessonProgress>, previews?: Record<string, Record<string, number>> }} Progress
 *   `previews`: hint tiers shown by `npm run hint N -- --task K` before the lesson had a run, by lesson and check
 */

/**
 * The learner's results, kept in .course/progress.json (git-ignored): each check's title and outcome, and
 * how many tiers of its hint were shown, never the hints' words (a course update may change them).
 */
export class ProgressStore {
  /** COURSE_PROGRESS_FILE moves it (the self-test uses a file of its own). */
  constructor(file = process.env.COURSE_PROGRESS_FILE || path.join(REPO_ROOT, '.course', 'progress.json')) {
    this.file = file;
  }

  /** @returns {Progress} */
  read() {
    /** @type {Progress} */
    let progress;
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8'));
      progress = data && typeof data.lessons === 'object' && data.lessons !== null ? data : { lessons: {} };
    } catch {
      return { lessons: {} };
    }
    // A file written before the hints' words stayed in the check files holds them: they go, silently.
    if (dropHintTexts(progress)) this.write(progress);
    return progress;
  }

  /** @param {string} slug @returns {LessonProgress | undefined} */
  lesson(slug) {
    return this.read().lessons[slug];
  }

  /**
   * Records a run of the learner's checks; hint tiers survive for checks that still fail the same way, and
   * start over for a check that fails otherwise than on the last run (a different mistake).
   * @param {string} slug
   * @param {Omit<LessonProgress, 'hintTiers' | 'checks'> & { checks: (CheckSummary & { hints?: unknown })[] }} run
   *   a check's hints, when a caller passes them along, are not kept
   * @param {{ shownHint?: string }} [shown] the check whose first hint tier the run showed: the next
   *   `npm run hint` continues with its second
   */
  recordRun(slug, run, { shownHint } = {}) {
    const progress = this.read();
    const last = progress.lessons[slug];
    const stillFailing = new Set(run.checks.filter((check) => check.status === 'failed').map((check) => check.title));
    /** @type {Record<string, number>} */
    const hintTiers = {};
    for (const [title, tiers] of Object.entries(last?.hintTiers ?? {})) {
      if (!stillFailing.has(title)) continue;
      const failure = run.checks.find((check) => check.title === title)?.failure;
      if (startsOver(last, title, failure)) hintTiers[title] = 0;
      else if (!failedOtherwise(last, title, failure)) hintTiers[title] = tiers;
    }
    if (shownHint !== undefined && stillFailing.has(shownHint))
      hintTiers[shownHint] = Math.max(hintTiers[shownHint] ?? 0, 1);
    // Tiers read ahead of the first run (`--task K`) count as shown, like any other.
    for (const [title, tiers] of Object.entries(progress.previews?.[slug] ?? {}))
      if (stillFailing.has(title)) hintTiers[title] = Math.max(hintTiers[title] ?? 0, tiers);
    if (progress.previews) delete progress.previews[slug];
    const solutionShown = progress.lessons[slug]?.solutionShown;
    const checks = run.checks.map(({ hints: _words, ...check }) => check);
    progress.lessons[slug] = { ...run, checks, hintTiers, ...(solutionShown ? { solutionShown } : {}) };
    this.write(progress);
  }

  /**
   * Whether a check's hints start over, and say so, on a run where it fails with `failure` (see startsOver).
   * Asked before the run is recorded.
   * @param {string} slug @param {string} title @param {string | undefined} failure
   */
  hintsStartOver(slug, title, failure) {
    return hintsStartOverIn(this.read(), slug, title, failure);
  }

  /**
   * Whether a check's hints started over, its failure having changed, and no tier of them was shown since.
   * @param {string} slug @param {string} title
   */
  hintTiersStartedOver(slug, title) {
    return this.lesson(slug)?.hintTiers?.[title] === 0;
  }

  /**
   * How many tiers of a check's hint were shown: on the lesson's last run, or read ahead of any run.
   * @param {string} slug @param {string} title @returns {number}
   */
  shownHintTiers(slug, title) {
    const progress = this.read();
    const lesson = progress.lessons[slug];
    return (lesson ? lesson.hintTiers?.[title] : progress.previews?.[slug]?.[title]) ?? 0;
  }

  /**
   * Records how many tiers of a check's hint were shown; without a run of the lesson yet, as read ahead of it
   * (`npm run hint N -- --task K`), kept until its first run.
   * @param {string} slug @param {string} title @param {number} tiers
   */
  recordHintTiers(slug, title, tiers) {
    const progress = this.read();
    const lesson = progress.lessons[slug];
    if (lesson) lesson.hintTiers = { ...lesson.hintTiers, [title]: tiers };
    else progress.previews = { ...progress.previews, [slug]: { ...progress.previews?.[slug], [title]: tiers } };
    this.write(progress);
  }

  /**
   * Whether to ask before showing the solution: the last run of the learner's checks failed some, and
   * they have not chosen to see it yet. Without a run on record (an instructor), nothing is asked.
   * @param {string} slug @returns {{ passed: number, total: number } | undefined} the run's tally when it asks
   */
  solutionGate(slug) {
    const lesson = this.lesson(slug);
    if (!lesson || lesson.solutionShown || !lesson.checks?.some((check) => check.status === 'failed')) return undefined;
    const passed = lesson.checks.filter((check) => check.status === 'passed').length;
    return { passed, total: lesson.checks.length };
  }

  /** @param {string} slug */
  markSolutionShown(slug) {
    const progress = this.read();
    const lesson = progress.lessons[slug];
    if (!lesson) return;
    lesson.solutionShown = true;
    this.write(progress);
  }

  /** @param {string} slug */
  forget(slug) {
    const progress = this.read();
    delete progress.lessons[slug];
    if (progress.previews) delete progress.previews[slug];
    this.write(progress);
  }

  /** @param {Progress} progress */
  write(progress) {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
    renameSync(temporary, this.file);
  }
}

/**
 * A check's hints start over, and say so, when the learner read past tier 1 of them for another failure of the
 * check, or they started over already and no tier was shown since (a 0). After tier 1 alone they start over
 * unsaid: tier 1 is what every run shows anyway.
 * @param {LessonProgress | undefined} last @param {string} title @param {string | undefined} failure
 */
function startsOver(last, title, failure) {
  const tiers = last?.hintTiers?.[title];
  return tiers === 0 || (tiers !== undefined && tiers > 1 && failedOtherwise(last, title, failure));
}

/**
 * The check failed on the last run otherwise than it fails now. A run recorded before failures were kept
 * says nothing of it: its tiers go on.
 * @param {LessonProgress | undefined} last @param {string} title @param {string | undefined} failure
 */
function failedOtherwise(last, title, failure) {
  const before = last?.checks?.find((check) => check.title === title)?.failure;
  return before !== undefined && failure !== undefined && before !== failure;
}

/**
 * Takes the hints' words out of every check of a progress file; true when there were any.
 * @param {Progress} progress
 */
function dropHintTexts(progress) {
  let dropped = false;
  for (const lesson of Object.values(progress.lessons)) {
    for (const check of Array.isArray(lesson?.checks) ? lesson.checks : []) {
      if (check && typeof check === 'object' && 'hints' in check) {
        delete (/** @type {Record<string, unknown>} */ (check).hints);
        dropped = true;
      }
    }
  }
  return dropped;
}

/**
 * ProgressStore.hintsStartOver on progress read once: a run asks it for each of its failures before it is recorded.
 * @param {Progress} progress @param {string} slug @param {string} title @param {string | undefined} failure
 */
export function hintsStartOverIn(progress, slug, title, failure) {
  return startsOver(progress.lessons[slug], title, failure);
}
