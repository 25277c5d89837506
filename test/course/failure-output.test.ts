import { expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import { declaredChecks } from '../../scripts/lib/checks/hint-source.js';
import { CHECK, runNode } from './run-node.js';

/** Times, ports, socket ids and uuids change from run to run; the words must not. */
function stable(output: string): string {
  return (
    output
      .replace(/\+\d+ ms\s+/g, '+N ms     ')
      .replace(/port \d+/g, 'port N')
      .replace(/\(id [\w-]+\)/g, '(id ID)')
      .replace(/closed \(\d+ ms[^)]*\)/g, 'closed (N ms)')
      .replace(/\(\d+\.\d s\)/g, '(N s)')
      // On a busy machine a failure reruns alone first, and says so: the words of the failure stay the same.
      .replace(/^ +It failed (twice|the same way when run again alone).*\n/gm, '')
      .replace(/^\d+ checks? passed only on a second run.*\n/gm, '')
  );
}

test("what a learner sees when lesson 1's starter is checked", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-output-'));
  try {
    const { code, stdout, stderr } = await runNode([...CHECK, '1'], {
      COURSE_PROGRESS_FILE: path.join(dir, 'progress.json'),
    });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('course: 3 passed, 34 failed');
    expect(stable(stdout)).toMatchSnapshot();
    // The run showed tier 1 under the failure: the first npm run hint goes on with tier 2.
    const hint = await runNode(['scripts/hint.js', '1'], { COURSE_PROGRESS_FILE: path.join(dir, 'progress.json') });
    expect(hint.stdout).toMatch(/^Hint 2\/3 · /);
    expect(hint.stdout).toMatchSnapshot();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('a run after a red one starts with the task the learner works on, and ends as a run from scratch does', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-output-'));
  try {
    const env = { COURSE_PROGRESS_FILE: path.join(dir, 'progress.json') };
    const first = await runNode([...CHECK, '1'], env);
    const again = await runNode([...CHECK, '1'], env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(1);
    const lines = stable(again.stdout).split('\n');
    // Its verdict comes before the whole run's, as soon as its checks are done, with its first failure in full.
    expect(lines[1]).toMatch(/^Task 1 · Open the gateway {2}0\/4 {2}\(\d+\.\d s; the other tasks' checks run next\)$/);
    expect(lines[2]).toBe('    ✗ a client connects to the /chat namespace');
    const summary = (output: string) => stable(output).split('\n').slice(-6);
    expect(summary(again.stdout)).toEqual(summary(first.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('--task K runs and shows task K first, whatever task the last run stopped at', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-output-'));
  try {
    const env = { COURSE_PROGRESS_FILE: path.join(dir, 'progress.json') };
    const first = await runNode([...CHECK, '1'], env);
    expect(first.stdout).toContain('Next: Task 1 · Open the gateway: ');
    const asked = await runNode([...CHECK, '1', '--task', '4'], env);
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(1);
    const lines = stable(asked.stdout).trimEnd().split('\n');
    const [firstOfTask4] = declaredChecks(findLesson('1')).filter((check) => check.task === 4);
    expect(lines[1]).toMatch(/^Task 4 · Messages {2}0\/\d+ {2}\(\d+\.\d s; the other tasks' checks run next\)$/);
    expect(lines[2]).toBe(`    ✗ ${firstOfTask4.title}`);
    expect(lines.at(-3)).toMatch(/^Task 4 · Messages: 0\/\d+ checks pass$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
