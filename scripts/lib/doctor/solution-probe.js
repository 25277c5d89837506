import { checkCommand, spawnCheckCommand } from '../checks/check-command.js';
import { fail, ok } from './finding.js';

/** @typedef {import('./finding.js').Finding} Finding */

const DEADLINE_MS = 180_000;

/**
 * One run of lesson 1's checks on its reference solution: the whole chain
 * (Jest, swc, Nest, Socket.IO on a free port) works on this machine.
 * @returns {Promise<Finding>}
 */
export async function solutionRun() {
  const first = await runOnce();
  if (first.status === 'ok' || first.title.includes('did not start')) return first;
  // A check that failed on its deadline may only have met a busy machine: one more run says which.
  const second = await runOnce();
  if (second.status === 'ok')
    return {
      ...second,
      title: `${second.title}; the first run failed (${first.title.replace(/^lesson 1's checks on its solution: /, '')}), so this machine may be busy`,
    };
  return second;
}

/** @returns {Promise<Finding>} */
async function runOnce() {
  const started = performance.now();
  /** @type {import('../checks/check-command.js').CheckLine[]} */
  const lines = [];
  const { done } = spawnCheckCommand(checkCommand(1, { solution: true }), {
    deadlineMs: DEADLINE_MS,
    onLine: (line) => lines.push(line),
  });
  const { why, output } = await done;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const end = /** @type {any} */ (lines.find((line) => line.type === 'end'));
  const fix =
    'npm run check 1 -- --solution shows the whole run; if a check failed on a deadline, run it again on a quieter machine';
  if (!end)
    return fail(`lesson 1's checks did not finish on its solution (it ${why}): ${output.split('\n').pop() ?? ''}`, fix);
  if (end.failed === 0 && end.suiteErrors.length === 0)
    return ok(`lesson 1's checks pass on its solution (${end.passed}/${end.total} in ${seconds} s)`);
  const first = /** @type {any} */ (lines.find((line) => line.type === 'result' && line.status === 'failed'));
  const what = end.bootFailure
    ? `the app did not start: ${end.bootFailure.split('\n')[1]?.trim()}`
    : `${end.failed} failed, first "${first?.title}": ${first?.message?.split('\n')[0]}`;
  return fail(`lesson 1's checks on its solution: ${what}`, fix);
}
