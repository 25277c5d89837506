import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson, parseTasks } from '../../scripts/lib/course/catalog.js';
import { declaredChecks } from '../../scripts/lib/checks/hint-source.js';
import { revealNextHint, type HintSource } from '../../scripts/lib/progress/hint-tiers.js';
import { ProgressStore } from '../../scripts/lib/progress/progress.js';
import { failureHash } from '../../scripts/lib/checks/failure-shape.js';

const lesson = findLesson('1');
const dirs: string[] = [];
function store(): ProgressStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-hints-'));
  dirs.push(dir);
  return new ProgressStore(path.join(dir, 'progress.json'));
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The tiers of each check, as a check file would declare them. */
const TIERS: Record<string, string[]> = {
  pings: ['one', 'two', 'three'],
  joins: ['j1', 'j2', 'j3'],
};
const source: HintSource = (_lesson, title) => TIERS[title];

const run = (checks: { title: string; status: 'passed' | 'failed'; task?: number; needs?: number }[]) => ({
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
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'failed', task: 1 }]));
    const steps = [1, 2, 3, 4].map(() => revealNextHint(lesson, progress, source));
    expect(steps.map((step) => step.status)).toEqual(['hint', 'hint', 'hint', 'no-more']);
    expect(steps.map((step) => step.text)).toEqual(['one', 'two', 'three', undefined]);
    expect(steps[1]).toMatchObject({ check: 'pings', task: 1, tier: 2, tiers: 3 });
  });

  test('starts again at tier 1 when the first failing check changes', () => {
    const progress = store();
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'failed' }]));
    revealNextHint(lesson, progress, source);
    revealNextHint(lesson, progress, source);
    progress.recordRun(
      lesson.slug,
      run([
        { title: 'pings', status: 'passed' },
        { title: 'joins', status: 'failed' },
      ]),
    );
    expect(revealNextHint(lesson, progress, source)).toMatchObject({
      status: 'hint',
      check: 'joins',
      tier: 1,
      text: 'j1',
    });
  });

  test('a task whose checks all pass gives back, to read again, the tiers read of each of its checks', () => {
    const progress = store();
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'failed', task: 1 }]));
    revealNextHint(lesson, progress, source);
    revealNextHint(lesson, progress, source);
    progress.recordRun(
      lesson.slug,
      run([
        { title: 'pings', status: 'passed', task: 1 },
        { title: 'joins', status: 'passed', task: 1 },
      ]),
    );
    expect(revealNextHint(lesson, progress, source, { task: 1 })).toEqual({
      status: 'task-passed',
      task: 1,
      readBefore: [
        { check: 'pings', hints: ['one', 'two', 'three'] },
        { check: 'joins', hints: ['j1', 'j2', 'j3'] },
      ],
    });
  });

  test('says when there was no run, and when every check passed', () => {
    const progress = store();
    expect(revealNextHint(lesson, progress, source).status).toBe('no-run');
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'passed' }]));
    expect(revealNextHint(lesson, progress, source).status).toBe('all-passed');
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
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'failed', task: 1 }]), { shownHint: 'pings' });
    expect(revealNextHint(lesson, progress, source)).toMatchObject({ status: 'hint', tier: 2, text: 'two' });
    // Another run with the same failure keeps the place: the learner never reads a tier twice.
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'failed', task: 1 }]), { shownHint: 'pings' });
    expect(revealNextHint(lesson, progress, source)).toMatchObject({ status: 'hint', tier: 3, text: 'three' });
  });

  test('after a run where the app did not start, no hint applies', () => {
    const progress = store();
    progress.recordRun(lesson.slug, run([{ title: 'pings', status: 'failed', task: 1, kind: 'boot' } as never]));
    expect(revealNextHint(lesson, progress, source)).toMatchObject({ status: 'boot' });
  });
});

describe("the hints' words come from the check file, the progress file keeps only how many were shown", () => {
  test("npm run hint reads the tier from lesson 1's check file", () => {
    const progress = store();
    const [check] = declaredChecks(lesson).filter((declared) => declared.task === 2);
    progress.recordRun(lesson.slug, run([{ title: check.title, status: 'failed', task: 2 }]), {
      shownHint: check.title,
    });
    expect(revealNextHint(lesson, progress)).toMatchObject({ status: 'hint', tier: 2, text: check.hints[1] });
    expect(JSON.stringify(progress.read())).not.toContain(check.hints[0]);
    expect(progress.lesson(lesson.slug)?.hintTiers).toEqual({ [check.title]: 2 });
  });

  test('a check the check file no longer declares is said to have changed', () => {
    const progress = store();
    progress.recordRun(lesson.slug, run([{ title: 'a check renamed since', status: 'failed', task: 1 }]));
    expect(revealNextHint(lesson, progress)).toEqual({ status: 'gone', check: 'a check renamed since', task: 1 });
  });
});

describe('the hint says first which earlier task to fix', () => {
  test('when the failure showed what an earlier task builds missing (t.needs)', () => {
    const progress = store();
    progress.recordRun(lesson.slug, run([{ title: 'joins', status: 'failed', task: 5, needs: 2 }]));
    expect(revealNextHint(lesson, progress, source)).toMatchObject({
      status: 'hint',
      text: 'j1',
      lead: 'This check stopped on what Task 2 · Rooms does: fix that task first; this check needs it.',
    });
  });
});

describe('hint tiers follow the failure: they go on while a check fails the same way, and start over when it fails otherwise', () => {
  type Failing = { title: string; status: 'failed'; task: number; failure?: string };
  const pings = (message: string | undefined): Failing => ({
    title: 'pings',
    status: 'failed',
    task: 1,
    ...(message === undefined ? {} : { failure: failureHash(message) }),
  });
  /** A run that showed tier 1 of the check, as npm run check records it, then every tier read with npm run hint. */
  function readEveryTier(progress: ProgressStore, message: string | undefined) {
    progress.recordRun(lesson.slug, run([pings(message)]), { shownHint: 'pings' });
    expect([1, 2].map(() => revealNextHint(lesson, progress, source).status)).toEqual(['hint', 'hint']);
  }

  test('the same mistake with other values quoted, other ids and times is the same failure: the tiers go on', () => {
    const progress = store();
    readEveryTier(
      progress,
      `Expected "alice" to get message:new within 1000 ms, but nothing came (id Xk3tdCz9lq1Ab8RtAAAB).`,
    );
    const again = `Expected "bob" to get message:new within 3000 ms, but nothing came (id Pq7HcL2mZ0rT5wYxAAAF).`;
    expect(progress.hintsStartOver(lesson.slug, 'pings', failureHash(again))).toBe(false);
    progress.recordRun(lesson.slug, run([pings(again)]), { shownHint: 'pings' });
    expect(revealNextHint(lesson, progress, source)).toMatchObject({ status: 'no-more', tiers: 3 });
  });

  test('another mistake on the same check starts the tiers over at 1, and says so, once', () => {
    const progress = store();
    readEveryTier(progress, 'Expected a Socket.IO server on the port, but GET /socket.io/ answered 404.');
    const other = "Expected alice to connect to /chat, but the server refused the connection: 'Invalid namespace'.";
    expect(progress.hintsStartOver(lesson.slug, 'pings', failureHash(other))).toBe(true);
    // The run shows tier 1 under the failure (npm run check says it starts over); npm run hint goes on with 2.
    progress.recordRun(lesson.slug, run([pings(other)]), { shownHint: 'pings' });
    const next = revealNextHint(lesson, progress, source);
    expect(next).toMatchObject({ status: 'hint', tier: 2, text: 'two' });
    expect(next.startsOver).toBeUndefined();
    // The progress file keeps the tiers shown and the failure's hash, never the words of either.
    const saved = JSON.stringify(progress.read());
    expect(saved).not.toContain('Invalid namespace');
    expect(saved).not.toContain('"two"');
    expect(progress.lesson(lesson.slug)?.checks[0]).toEqual({ ...pings(other), failure: failureHash(other) });
  });

  test('a check the run did not show in full starts over at tier 1 with npm run hint, which says so', () => {
    const progress = store();
    readEveryTier(progress, 'Expected a Socket.IO server on the port, but GET /socket.io/ answered 404.');
    const first = { title: 'joins', status: 'failed' as const, task: 1 };
    const other = "Expected alice to connect to /chat, but the server refused the connection: 'Invalid namespace'.";
    progress.recordRun(lesson.slug, run([first, pings(other)]), { shownHint: 'joins' });
    const step = revealNextHint(lesson, progress, source, { task: 1 });
    expect(step).toMatchObject({ check: 'joins', tier: 2 });
    progress.recordRun(lesson.slug, run([pings(other)]));
    expect(revealNextHint(lesson, progress, source)).toMatchObject({ check: 'pings', tier: 1, startsOver: true });
    expect(revealNextHint(lesson, progress, source)).toMatchObject({ check: 'pings', tier: 2 });
    expect(progress.lesson(lesson.slug)?.hintTiers).toEqual({ pings: 2 });
  });

  test('after tier 1 alone, another failure shows tier 1 again without a word; a run recorded without failures goes on', () => {
    const progress = store();
    progress.recordRun(lesson.slug, run([pings('Expected 404.')]), { shownHint: 'pings' });
    expect(progress.hintsStartOver(lesson.slug, 'pings', failureHash('Expected a connection.'))).toBe(false);
    const older = store();
    readEveryTier(older, undefined);
    older.recordRun(lesson.slug, run([pings('Expected a connection.')]), { shownHint: 'pings' });
    expect(revealNextHint(lesson, older, source).status).toBe('no-more');
  });
});
