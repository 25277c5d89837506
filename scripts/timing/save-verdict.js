import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkCommand } from '../lib/checks/check-command.js';
import { listTasks, REPO_ROOT } from '../lib/course/catalog.js';

/**
 * What "Check on save" costs a learner before they hear about the task they work on: from the start of
 * the run a save begins to its `task-verdict` line. The run checks the solution, with a last run on record
 * whose first failing check is of the lesson's middle task, so that task's checks run first and pass.
 * @param {import('../lib/course/catalog.js').Lesson} lesson
 * @param {{ deadlineMs: number, cleanup: import('../lib/figures/cleanup.js').Cleanup }} options
 * @returns {Promise<{ ms?: number, problem?: string }>}
 */
export async function measureSaveToVerdict(lesson, { deadlineMs, cleanup }) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'course-save-verdict-'));
  const progressFile = path.join(scratch, 'progress.json');
  const tasks = listTasks(lesson);
  const task = tasks[Math.floor((tasks.length - 1) / 2)]?.number ?? 1;
  writeFileSync(
    progressFile,
    JSON.stringify({ lessons: { [lesson.slug]: { checks: [{ title: '(last run)', status: 'failed', task }] } } }),
  );
  const startedAt = performance.now();
  const child = spawn(process.execPath, checkCommand(lesson.number, { solution: true, taskFirst: true }), {
    cwd: REPO_ROOT,
    env: { ...process.env, COURSE_PROGRESS_FILE: progressFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const forget = cleanup.add(`check ${lesson.number} --task-first`, () => child.kill('SIGKILL'));
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ problem: `no verdict within ${deadlineMs / 1000} s` }), deadlineMs);
      let pending = '';
      child.stdout.on('data', (chunk) => {
        pending += String(chunk);
        if (!pending.includes('"type":"task-verdict"')) return;
        clearTimeout(timer);
        const verdict = JSON.parse(pending.split('\n').find((line) => line.includes('"type":"task-verdict"')) ?? '{}');
        resolve(
          verdict.failed === 0
            ? { ms: performance.now() - startedAt }
            : { problem: `task ${task}'s checks failed on the solution` },
        );
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ problem: `the run exited with ${code} before its task verdict` });
      });
    });
  } finally {
    child.kill('SIGKILL');
    forget();
    rmSync(scratch, { recursive: true, force: true });
  }
}
