/**
 * What the lesson page's scripts are told: the page's configuration (in the
 * page, as JSON) and the events of a check run (over Server-Sent Events).
 * Types only: the results are the terminal's own (`CheckResult`), with the
 * heading the terminal groups them under, and the run ends with the
 * terminal's verdict.
 */

/**
 * @typedef {import('../../lib/checks/run-checks.js').CheckResult} CheckResult
 * @typedef {import('../playground-config.js').Playground} Playground
 *
 * @typedef {object} PageConfig
 * @property {{ number: number, slug: string, title: string }} lesson
 * @property {{ number: number, title: string } | null} next the lesson after this one
 * @property {string[]} groups the headings results are grouped under, in order (the baseline's, then each task's)
 * @property {boolean} solution the page works on the reference solution
 * @property {Playground} playground
 *
 * @typedef {{ run: number, lesson: number, tree: string, at: string }} RunStart
 * @typedef {CheckResult & { run: number, group: string, rerunNote?: string, lead?: string }} RunResult a check's result, as
 *   `check --json` writes it; `rerunNote`: what the terminal says of a failure that ran a second time; `lead`: what
 *   its hint says first, from the results before it (an earlier task that fails too)
 * @typedef {{ file: string, message: string, heading?: string }} SuiteError
 * @typedef {{ run: number, task: number, passed: number, failed: number, skipped: number, total: number, ms: number }} TaskVerdict
 *   the checks of the task the learner works on, run first: their tally, before the other tasks' checks run
 *
 * @typedef {object} RunEnd what `check --json` says last
 * @property {number} run
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 * @property {number} total
 * @property {string | null} bootFailure the error every check failed with when the app did not start
 * @property {SuiteError[]} suiteErrors
 * @property {number} ms
 * @property {string[]} order the checks' titles in the order they are declared
 * @property {Record<string, string>} [leads] by title, what a failure's hint says first, from every result of the run
 * @property {Record<string, string>} [hintNotes] by title, a note before a failure's hints: they start over, the
 *   check failing otherwise than when the learner read them
 * @property {string[]} verdict the terminal's verdict: "15 of 15 checks pass. Lesson 1 is done." …
 * @property {string} courseLine `course: N passed, M failed`
 *
 * @typedef {{ run: number, message: string }} RunFailed
 * @typedef {{ file: string }} Saved
 */

export {};
