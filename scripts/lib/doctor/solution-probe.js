import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../course/catalog.js';
import { checkCommand } from '../checks/check-command.js';
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
function runOnce() {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, checkCommand(1, { solution: true }), {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const deadline = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    child.on('close', (code) => {
      clearTimeout(deadline);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const lines = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      const end = lines.find((line) => line.type === 'end');
      const fix =
        'npm run check 1 -- --solution shows the whole run; if a check failed on a deadline, run it again on a quieter machine';
      if (!end) {
        resolve(
          fail(
            `lesson 1's checks did not finish on its solution (exit code ${code}): ${stderr.trim().split('\n').pop() ?? ''}`,
            fix,
          ),
        );
      } else if (end.failed === 0 && end.suiteErrors.length === 0) {
        resolve(ok(`lesson 1's checks pass on its solution (${end.passed}/${end.total} in ${seconds} s)`));
      } else {
        const first = lines.find((line) => line.type === 'result' && line.status === 'failed');
        const what = end.bootFailure
          ? `the app did not start: ${end.bootFailure.split('\n')[1]?.trim()}`
          : `${end.failed} failed, first "${first?.title}": ${first?.message?.split('\n')[0]}`;
        resolve(fail(`lesson 1's checks on its solution: ${what}`, fix));
      }
    });
  });
}
