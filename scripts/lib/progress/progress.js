import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';

/**
 * @typedef {object} CheckSummary
 * @property {string} title
 * @property {'passed' | 'failed' | 'skipped'} status
 * @property {number} [task]
 * @property {string[]} [hints]
 * @property {boolean} [baseline]
 * @property {string} [kind]  how a failed check failed: 'boot' when the app did not start
 *
 * @typedef {object} LessonProgress
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 * @property {number} total
 * @property {string} at           ISO time of the run
 * @property {CheckSummary[]} checks
 * @property {Record<string, number>} [hintTiers] how many tiers of each check's hint were shown
 * @property {boolean} [solutionShown] the learner chose to see the solution while checks still failed
 *
 * @typedef {{ lessons: Record<string, LessonProgress> }} Progress
 */

/** The learner's results, kept in .course/progress.json (git-ignored). */
export class ProgressStore {
  /** COURSE_PROGRESS_FILE moves it (the self-test uses a file of its own). */
  constructor(file = process.env.COURSE_PROGRESS_FILE || path.join(REPO_ROOT, '.course', 'progress.json')) {
    this.file = file;
  }

  /** @returns {Progress} */
  read() {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8'));
      return data && typeof data.lessons === 'object' ? data : { lessons: {} };
    } catch {
      return { lessons: {} };
    }
  }

  /** @param {string} slug @returns {LessonProgress | undefined} */
  lesson(slug) {
    return this.read().lessons[slug];
  }

  /**
   * Records a run of the learner's checks; hint tiers survive for checks that still fail.
   * @param {string} slug @param {Omit<LessonProgress, 'hintTiers'>} run
   * @param {{ shownHint?: string }} [shown] the check whose first hint tier the run showed: the next
   *   `npm run hint` continues with its second
   */
  recordRun(slug, run, { shownHint } = {}) {
    const progress = this.read();
    const previous = progress.lessons[slug]?.hintTiers ?? {};
    const stillFailing = new Set(run.checks.filter((check) => check.status === 'failed').map((check) => check.title));
    const hintTiers = Object.fromEntries(Object.entries(previous).filter(([title]) => stillFailing.has(title)));
    if (shownHint !== undefined && stillFailing.has(shownHint))
      hintTiers[shownHint] = Math.max(hintTiers[shownHint] ?? 0, 1);
    const solutionShown = progress.lessons[slug]?.solutionShown;
    progress.lessons[slug] = { ...run, hintTiers, ...(solutionShown ? { solutionShown } : {}) };
    this.write(progress);
  }

  /** @param {string} slug @param {string} title @param {number} tiers */
  recordHintTiers(slug, title, tiers) {
    const progress = this.read();
    const lesson = progress.lessons[slug];
    if (!lesson) return;
    lesson.hintTiers = { ...lesson.hintTiers, [title]: tiers };
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
