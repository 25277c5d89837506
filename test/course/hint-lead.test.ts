import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson, listTasks, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { readTree } from '../../scripts/lib/course/source-tree.js';
import { diffIntoRegions } from '../../scripts/lib/course/todo-regions.js';
import { renderLessonResults } from '../../scripts/lib/checks/check-output.js';
import { palette } from '../../scripts/lib/cli/terminal.js';
import type { CheckResult } from '../../checks/support/check-report.js';
import { revealNextHint } from '../../scripts/lib/progress/hint-tiers.js';
import { ProgressStore } from '../../scripts/lib/progress/progress.js';
import { checkTreeAsJson } from './run-node.js';

/**
 * A learner who did tasks 1 and 2 of lesson 2 and left the verification (tasks 4 and 5) undone: every check
 * of task 8 fails too, because a good token is still refused. The hint under a task-8 failure must send them
 * back to task 4 first, not to the roles guard.
 */
const lesson = findLesson('2');
// Inside the course, so that the copy's code finds the course's packages.
const tree = path.join(REPO_ROOT, '.course', `hint-lead-${process.pid}`);
const LEAD = 'Task 4 · Verify the signature fails too: fix it first; this check needs it.';

/**
 * The starter with only `tasks`' TODO regions solved, and the solution's imports, as a learner's editor adds
 * them (an import belongs to no task).
 */
function starterWithTasksDone(tasks: number[]): void {
  const starter = readTree(path.join(lesson.starterDir, 'src'));
  const solution = readTree(path.join(lesson.solutionDir, 'src'));
  for (const [file, text] of starter) {
    const lines = diffIntoRegions(text, solution.get(file) ?? text).flatMap((piece) =>
      piece.kind === 'same'
        ? piece.lines
        : piece.region.task === undefined || tasks.includes(piece.region.task)
          ? piece.region.solution
          : piece.region.starter,
    );
    const target = path.join(tree, lesson.slug, 'src', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, lines.join(''));
  }
}

let results: (CheckResult & { lead?: string })[] = [];
let leads: Record<string, string> = {};

beforeAll(async () => {
  starterWithTasksDone([1, 2]);
  ({ results, leads } = await checkTreeAsJson('2', tree));
}, 150_000);

afterAll(() => rmSync(tree, { recursive: true, force: true }));

test('with task 4 undone, task 4 fails and tasks 1 and 2 pass', () => {
  expect(results.filter((result) => result.task === 1).every((result) => result.status === 'passed')).toBe(true);
  expect(results.filter((result) => result.task === 2).every((result) => result.status === 'passed')).toBe(true);
  expect(results.some((result) => result.task === 4 && result.status === 'failed')).toBe(true);
});

test("every failure of task 8 has its hint led by task 4, on the page's run and in the terminal", () => {
  const roleFailures = results.filter((result) => result.task === 8 && result.status === 'failed');
  expect(roleFailures.length).toBeGreaterThan(0);
  for (const result of roleFailures) expect(leads[result.title]).toBe(LEAD);
  // Task 4's own failures are led by nothing: it is the task to fix.
  for (const result of results.filter((one) => one.task === 4 && one.status === 'failed'))
    expect(leads[result.title]).toBeUndefined();

  const lines = renderLessonResults(lesson, results, {
    style: palette(false),
    tasks: listTasks(lesson),
    all: true,
  });
  const at = lines.indexOf(`    ✗ ${roleFailures[0].title}`);
  const hint = lines.slice(at).find((line) => line.startsWith('      Hint: '));
  expect(hint).toBe(`      Hint: ${LEAD}`);
});

test("npm run hint leads with task 5 after a run of task 8's checks alone that failed in a step of task 5", () => {
  const dir = path.join(tmpdir(), `course-hint-lead-${process.pid}`);
  try {
    const store = new ProgressStore(path.join(dir, 'progress.json'));
    const [first] = results.filter((result) => result.task === 8 && result.status === 'failed');
    // The page's task-first run: task 8's checks alone, one of them failing in a step task 5 shapes.
    store.recordRun(lesson.slug, {
      passed: 0,
      failed: 1,
      skipped: 0,
      total: 1,
      at: new Date().toISOString(),
      checks: [{ title: first.title, status: 'failed', task: 8, needs: 5, kind: 'assertion' }],
    });
    expect(revealNextHint(lesson, store)).toMatchObject({
      status: 'hint',
      tier: 1,
      lead: "This check stopped on what Task 5 · Find the token's user does: fix that task first; this check needs it.",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a check of task 8 that connected with a good token and was refused says it needs task 5', () => {
  const refused = results.find(
    (result) => result.task === 8 && result.status === 'failed' && /refused the connection/.test(result.message ?? ''),
  );
  expect(refused?.needs).toBe(5);
});
