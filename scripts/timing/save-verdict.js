import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkCommand, spawnCheckCommand } from '../lib/checks/check-command.js';
import { listTasks } from '../lib/course/catalog.js';

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
  /** @type {(outcome: { ms?: number, problem?: string }) => void} */
  let settle = () => {};
  /** @type {Promise<{ ms?: number, problem?: string }>} */
  const outcome = new Promise((resolve) => (settle = resolve));
  const { done, stop } = spawnCheckCommand(checkCommand(lesson.number, { solution: true, taskFirst: true }), {
    env: { ...process.env, COURSE_PROGRESS_FILE: progressFile, NO_COLOR: '1' },
    deadlineMs,
    onLine: (line) => {
      if (line.type !== 'task-verdict') return;
      settle(
        line.failed === 0
          ? { ms: performance.now() - startedAt }
          : { problem: `task ${task}'s checks failed on the solution` },
      );
    },
  });
  const forget = cleanup.add(`check ${lesson.number} --task-first`, stop);
  void done.then(({ why }) => settle({ problem: `the run ${why}, with no task verdict` }));
  try {
    return await outcome;
  } finally {
    stop();
    forget();
    rmSync(scratch, { recursive: true, force: true });
  }
}
