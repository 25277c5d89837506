import { afterAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import { declaredChecks } from '../../scripts/lib/checks/hint-source.js';
import { CHECK, runNode } from './run-node.js';

/**
 * `npm run hint N -- --task K`: a learner reads ahead the hints of the task they are about to start, or reads
 * a task's hints again, whatever the last run's first failure is. Its tiers go on from those already shown,
 * before a run and after it, as the plain command's do.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'course-hint-task-'));
const env = { COURSE_PROGRESS_FILE: path.join(dir, 'progress.json') };
const hint = (...args: string[]) => runNode(['scripts/hint.js', '1', ...args], env);
const [firstOfTask1] = declaredChecks(findLesson('1')).filter((check) => check.task === 1);
const [firstOfTask3] = declaredChecks(findLesson('1')).filter((check) => check.task === 3);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("before any run, --task K shows the tiers of task K's first check, one per call, and they count once the checks run", async () => {
  const first = await hint('--task', '3');
  expect(first.code).toBe(0);
  expect(first.stdout).toBe(
    [
      `Hint 1/3 · ${firstOfTask3.title} · Task 3`,
      `  ${firstOfTask3.hints[0]}`,
      '',
      'Run npm run hint 1 -- --task 3 again for hint 2/3.',
      '',
    ].join('\n'),
  );
  expect((await hint('--task', '3')).stdout).toMatch(/^Hint 2\/3 · /);

  // Task 1's first two tiers read ahead: the run shows tier 1 under its failure, the plain command goes on at 3.
  expect((await hint('--task', '1')).stdout).toMatch(
    new RegExp(`^Hint 1/3 · ${escape(firstOfTask1.title)} · Task 1\n`),
  );
  expect((await hint('--task', '1')).stdout).toMatch(/^Hint 2\/3 · /);
  const run = await runNode([...CHECK, '1'], env, 120_000);
  expect(run.stdout).toContain(`Next: Task 1 · Open the gateway: ${firstOfTask1.title}`);
  const plain = await hint();
  expect(plain.stdout).toMatch(new RegExp(`^Hint 3/3 · ${escape(firstOfTask1.title)} · Task 1\n`));
  expect(plain.stdout).toContain('That was the last hint.');

  // After the run, task 3's first failing check, led by the earlier task it stands on that fails too; its
  // tiers read before the run are kept while it fails.
  const third = await hint('--task', '3');
  expect(third.stdout).toMatch(new RegExp(`^Hint 3/3 · ${escape(firstOfTask3.title)} · Task 3\n`));
  expect(third.stdout).toContain('  First: Task 1 · Open the gateway fails too: fix it first; this check needs it.\n');
  expect((await hint('--task', '3')).stdout).toBe(
    [
      `That was the last hint for "${firstOfTask3.title}" (3 of 3).`,
      'First: Task 1 · Open the gateway fails too: fix it first; this check needs it.',
      'Still stuck? Compare your code with the solution: npm run diff 1 -- --mine',
      '',
    ].join('\n'),
  );
}, 180_000);

test.each([['12'], ['0'], ['two']])('--task %s: one line naming the tasks, exit code 2', async (wanted) => {
  const { code, stdout, stderr } = await hint('--task', wanted);
  expect(stderr).toBe(`npm run hint: lesson 1 has no task ${wanted}; its tasks are 1 to 11\n`);
  expect(stdout).toBe('');
  expect(code).toBe(2);
});

test('--help names --task', async () => {
  const { code, stdout } = await hint('--help');
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Usage: npm run hint <lesson> \[-- --task <n>\]\n/);
  expect(stdout).toMatch(/^ {2}--task <value> {2}the next hint for this task's first failing check/m);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
