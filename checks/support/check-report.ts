import { appendFileSync } from 'node:fs';
import type { FailureKind } from './check-failure.js';

/**
 * One check's result: what the checks write (one JSON line each), what `npm run check` renders, what
 * `check.js --json` sends the page and what the per-task proof reads. Declared here only; the scripts
 * refer to it with a JSDoc import() type.
 */
export interface CheckResult {
  lesson: string;
  tree: string;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  kind?: FailureKind;
  message?: string;
  transcript?: string[];
  /** The README task the check proves; none for baseline checks. */
  task?: number;
  /** A failure in a step of an earlier task's behaviour (`t.needs`): that task. */
  needs?: number;
  hints: string[];
  baseline: boolean;
  ms: number;
  /** Set when this result is of a second run, alone and with longer deadlines: why, and what the first run said. */
  rerun?: { why: string; first: string; scale: number };
  /** Set when a failure that would have run again alone did not, because a check before it had already failed for good: why. */
  notRerun?: string;
}

/**
 * Each check's result, one JSON line per check, in the file the course CLI
 * names in COURSE_REPORT_FILE. The CLI renders them for the learner.
 */
export class CheckReport {
  constructor(private readonly file: string | undefined) {}

  write(result: CheckResult): void {
    if (this.file) appendFileSync(this.file, `${JSON.stringify(result)}\n`);
  }

  /**
   * Every check of the task that runs first (COURSE_FIRST_TASK) has its result: the CLI can give their verdict.
   * `order`: their titles, in the order they are declared (results are written as they finish).
   */
  firstTaskDone(task: number, order: string[]): void {
    if (this.file) appendFileSync(this.file, `${JSON.stringify({ firstTaskDone: task, order })}\n`);
  }

  /** The plain rendering Jest shows when the checks run outside the course CLI. */
  static renderForJest(result: CheckResult): string {
    return [
      result.message,
      ...(result.transcript ?? []).map((line) => `  ${line}`),
      `Hint: ${result.hints[0] ?? ''}`,
    ].join('\n');
  }
}
