import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson, listTasks, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { readTree } from '../../scripts/lib/course/source-tree.js';
import { withTaskUndone } from '../../scripts/lib/course/todo-regions.js';
import { renderLessonResults } from '../../scripts/lib/checks/check-output.js';
import { palette } from '../../scripts/lib/cli/terminal.js';
import type { CheckResult } from '../../checks/support/check-report.js';
import { revealNextHint } from '../../scripts/lib/progress/hint-tiers.js';
import { ProgressStore } from '../../scripts/lib/progress/progress.js';
import { checkTreeAsJson } from './run-node.js';

/**
 * A learner who finished lesson 1 but rooms (task 2) and presence (task 5). The bound on rooms (task 3) and
 * messages (task 4) stand on rooms: their hints say to fix task 2 first. Presence does not: a client is
 * counted whether it joined a room or not, so its hints must not send the learner to task 2.
 */
const lesson = findLesson('1');
// Inside the course, so that the copy's code finds the course's packages.
const tree = path.join(REPO_ROOT, '.course', `hint-lead-builds-on-${process.pid}`);
const ROOMS_LEAD = 'Task 2 · Rooms fails too: fix it first; this check needs it.';

/** The solution with the regions of `tasks` put back to the starter's text. */
function solutionWithTasksUndone(tasks: number[]): void {
  const starter = readTree(path.join(lesson.starterDir, 'src'));
  for (const [file, text] of readTree(path.join(lesson.solutionDir, 'src'))) {
    const target = path.join(tree, lesson.slug, 'src', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(
      target,
      tasks.reduce((current, task) => withTaskUndone(starter.get(file) ?? '', current, task), text),
    );
  }
}

let results: CheckResult[] = [];
let leads: Record<string, string> = {};
const failedOf = (task: number) => results.filter((result) => result.task === task && result.status === 'failed');

beforeAll(async () => {
  solutionWithTasksUndone([2, 5]);
  ({ results, leads } = await checkTreeAsJson('1', tree));
}, 150_000);

afterAll(() => rmSync(tree, { recursive: true, force: true }));

test('with rooms and presence undone, both fail, and the bound on rooms and messages fail with them', () => {
  expect(results.filter((result) => result.task === 1).every((result) => result.status === 'passed')).toBe(true);
  for (const task of [2, 3, 4, 5]) expect(failedOf(task).length).toBeGreaterThan(0);
});

test('a failure of the bound or of messages is led by rooms; a failure of presence, which does not stand on rooms, by nothing', () => {
  for (const result of [...failedOf(3), ...failedOf(4)]) expect(leads[result.title]).toBe(ROOMS_LEAD);
  for (const result of [...failedOf(2), ...failedOf(5)]) expect(leads[result.title]).toBeUndefined();

  const lines = renderLessonResults(lesson, results, { style: palette(false), tasks: listTasks(lesson), all: true });
  const [presence] = failedOf(5);
  const at = lines.indexOf(`    ✗ ${presence.title}`);
  const hint = lines.slice(at).find((line) => line.startsWith('      Hint: '));
  expect(hint).toBe(`      Hint: ${presence.hints[0]}`);
});

test('npm run hint -- --task leads task 4 with rooms and task 5 with nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-hint-builds-on-'));
  try {
    const store = new ProgressStore(path.join(dir, 'progress.json'));
    store.recordRun(lesson.slug, {
      passed: results.filter((result) => result.status === 'passed').length,
      failed: results.filter((result) => result.status === 'failed').length,
      skipped: 0,
      total: results.length,
      at: new Date().toISOString(),
      checks: results.map(({ title, status, task, baseline, kind, needs }) => ({
        title,
        status,
        task,
        baseline,
        kind,
        needs,
      })),
    });
    expect(revealNextHint(lesson, store, undefined, { task: 4 })).toMatchObject({ status: 'hint', lead: ROOMS_LEAD });
    const presence = revealNextHint(lesson, store, undefined, { task: 5 });
    expect(presence).toMatchObject({ status: 'hint', task: 5, tier: 1 });
    expect(presence.lead).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
