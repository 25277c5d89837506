import path from 'node:path';
import { REPO_ROOT } from '../course/catalog.js';

/**
 * node's arguments for a run of a lesson's checks in a process of its own, as
 * `npm run check N -- --json` makes it: one JSON line per check as it
 * finishes, then an `end` line. The course page and the per-task proof run
 * their checks this way.
 * @param {number} lesson
 * @param {{ solution?: boolean, tree?: string }} [which] the solution, or a copy of the lessons; else the learner's
 * @returns {string[]}
 */
export function checkCommand(lesson, { solution = false, tree } = {}) {
  return [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    path.join(REPO_ROOT, 'scripts', 'check.js'),
    String(lesson),
    '--json',
    ...(solution ? ['--solution'] : []),
    ...(tree ? ['--tree', tree] : []),
  ];
}
