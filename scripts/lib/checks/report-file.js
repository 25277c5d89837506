import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';

/** @typedef {import('./run-checks.js').CheckResult} CheckResult */

/**
 * The file the check harness appends each check's result to (one JSON line
 * per check), named for this run in COURSE_REPORT_FILE for the harness to find.
 */
export class ReportFile {
  /** @param {string} label */
  constructor(label) {
    const dir = path.join(REPO_ROOT, '.course', 'runs');
    mkdirSync(dir, { recursive: true });
    this.path = path.join(dir, `${label}-${process.pid}-${Date.now()}.jsonl`);
    process.env.COURSE_REPORT_FILE = this.path;
    // Whose it is: a process that checks in this one removes it when it must end the run (see CourseEnvironment).
    process.env.COURSE_REPORT_OWNER = String(process.pid);
  }

  /**
   * Every result written so far (none when the harness wrote nothing), and the lessons whose checks' process
   * stalled and was ended (see CourseEnvironment), from one read of the file.
   * @returns {{ results: CheckResult[], stalled: string[] }}
   */
  read() {
    /** @type {CheckResult[]} */
    const results = [];
    /** @type {string[]} */
    const stalled = [];
    for (const line of this.lines()) {
      if (line.stalled !== undefined) stalled.push(line.stalled);
      else if (line.firstTaskDone === undefined) results.push(line);
    }
    return { results, stalled };
  }

  /**
   * The results, and the line that says the checks of the task run first are done (with their titles in the
   * order they are declared).
   * @returns {(CheckResult & { firstTaskDone?: undefined, stalled?: undefined } | { firstTaskDone: number, order: string[], stalled?: undefined } | { stalled: string, firstTaskDone?: undefined })[]}
   */
  lines() {
    let text;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  remove() {
    rmSync(this.path, { force: true });
  }
}
