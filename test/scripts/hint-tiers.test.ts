import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson, parseTasks } from '../../scripts/lib/course/catalog.js';
import { revealNextHint } from '../../scripts/lib/progress/hint-tiers.js';
import { ProgressStore } from '../../scripts/lib/progress/progress.js';

const lesson = findLesson('1');
const dirs: string[] = [];
function store(): ProgressStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-hints-'));
  dirs.push(dir);
  return new ProgressStore(path.join(dir, 'progress.json'));
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const run = (checks: { title: string; status: 'passed' | 'failed'; hints?: string[]; task?: number }[]) => ({
  passed: checks.filter((check) => check.status === 'passed').length,
  failed: checks.filter((check) => check.status === 'failed').length,
  skipped: 0,
  total: checks.length,
  at: '2026-11-23T00:00:00.000Z',
  checks,
});

describe('hints, one tier per call', () => {
  test('reveals tiers 1, 2, 3 of the first failing check, then says there are no more', () => {
    const progress = store();
    progress.recordRun(
      lesson.slug,
      run([{ title: 'pings', status: 'failed', task: 1, hints: ['one', 'two', 'three'] }]),
    );
    const steps = [1, 2, 3, 4].map(() => revealNextHint(lesson, progress));
    expect(steps.map((step) => step.status)).toEqual(['hint', 'hint', 'hint', 'no-more']);
    expect(steps.map((step) => step.text)).toEqual(['one', 'two', 'three', undefined]);
    expect(steps[1]).toMatchObject({ check: 'pings', task: 1, tier: 2, tiers: 3 });
  });

  test('starts again at tier 1 when the first failing check changes', () => {
    const progress = store();
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'failed', hints: ['p1', 'p2', 'p3'] }]));
    revealNextHint(lesson, progress);
    revealNextHint(lesson, progress);
    progress.recordRun(
      lesson.slug,
      run([
        { title: 'pings', status: 'passed' },
        { title: 'joins', status: 'failed', hints: ['j1', 'j2', 'j3'] },
      ]),
    );
    expect(revealNextHint(lesson, progress)).toMatchObject({ status: 'hint', check: 'joins', tier: 1, text: 'j1' });
  });

  test('says when there was no run, and when every check passed', () => {
    const progress = store();
    expect(revealNextHint(lesson, progress).status).toBe('no-run');
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'passed' }]));
    expect(revealNextHint(lesson, progress).status).toBe('all-passed');
  });
});

describe("the README's tasks", () => {
  test('are the numbered items under "Your tasks", titled by their bold lead-in', () => {
    const readme = [
      '## Concepts',
      '1. not a task',
      '## Your tasks',
      'Intro.',
      '1. **Refuse bad handshakes.** A handshake without a token …',
      '2. **Roles:** only admins kick.',
      '## Try it',
    ].join('\n');
    expect(parseTasks(readme)).toEqual([
      { number: 1, title: 'Refuse bad handshakes' },
      { number: 2, title: 'Roles' },
    ]);
  });
});

describe('hints continue from what a run showed', () => {
  test('a run that showed tier 1 makes the next npm run hint show tier 2', () => {
    const progress = store();
    progress.recordRun(
      lesson.slug,
      run([{ title: 'pings', status: 'failed', task: 1, hints: ['one', 'two', 'three'] }]),
      { shownHint: 'pings' },
    );
    expect(revealNextHint(lesson, progress)).toMatchObject({ status: 'hint', tier: 2, text: 'two' });
    // Another run with the same failure keeps the place: the learner never reads a tier twice.
    progress.recordRun(
      lesson.slug,
      run([{ title: 'pings', status: 'failed', task: 1, hints: ['one', 'two', 'three'] }]),
      { shownHint: 'pings' },
    );
    expect(revealNextHint(lesson, progress)).toMatchObject({ status: 'hint', tier: 3, text: 'three' });
  });

  test('after a run where the app did not start, no hint applies', () => {
    const progress = store();
    progress.recordRun(
      lesson.slug,
      run([{ title: 'pings', status: 'failed', task: 1, hints: ['one', 'two', 'three'], kind: 'boot' } as never]),
    );
    expect(revealNextHint(lesson, progress)).toMatchObject({ status: 'boot' });
  });
});
