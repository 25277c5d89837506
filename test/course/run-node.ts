import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import type { CheckResult } from '../../checks/support/check-report.js';

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` from the course root, with a deadline, and collects its output. */
export function runNode(args: string[], env: NodeJS.ProcessEnv = {}, within = 60_000): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: plainEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not finish within ${within} ms.\n${stdout}\n${stderr}`));
    }, within);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const CHECK = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', 'scripts/check.js'];

/** The environment for a learner's plain terminal: no colour, whatever the test runner set. */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.FORCE_COLOR;
  return env;
}

/** What `npm run check N -- --tree <tree> --json` reports: each check's result, and the lead of each failure's hint. */
export async function checkTreeAsJson(
  lessonNumber: string,
  tree: string,
  within = 120_000,
): Promise<{ results: CheckResult[]; leads: Record<string, string> }> {
  const { stdout } = await runNode([...CHECK, lessonNumber, '--tree', tree, '--json'], {}, within);
  const lines = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; leads?: Record<string, string> } & CheckResult);
  return {
    results: lines.filter((line) => line.type === 'result'),
    leads: lines.find((line) => line.type === 'end')?.leads ?? {},
  };
}
