import { expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProgressStore } from '../../scripts/lib/progress/progress.js';

test('keeps hint tiers only for checks that still fail', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-progress-'));
  try {
    const store = new ProgressStore(path.join(dir, 'progress.json'));
    const run = (statuses: Record<string, 'passed' | 'failed'>) => ({
      passed: Object.values(statuses).filter((status) => status === 'passed').length,
      failed: Object.values(statuses).filter((status) => status === 'failed').length,
      skipped: 0,
      total: Object.keys(statuses).length,
      at: '2026-01-01T00:00:00.000Z',
      checks: Object.entries(statuses).map(([title, status]) => ({ title, status })),
    });
    store.recordRun('01-x', run({ a: 'failed', b: 'failed' }));
    store.recordHintTiers('01-x', 'a', 2);
    store.recordHintTiers('01-x', 'b', 2);
    store.recordRun('01-x', run({ a: 'passed', b: 'failed' }));
    expect(store.lesson('01-x')?.hintTiers).toEqual({ b: 2 });
    expect(store.lesson('01-x')?.passed).toBe(1);
    store.forget('01-x');
    expect(store.lesson('01-x')).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hint tiers read before the first run count as shown once it runs, while their check fails', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-progress-'));
  try {
    const store = new ProgressStore(path.join(dir, 'progress.json'));
    store.recordHintTiers('01-x', 'a', 2);
    store.recordHintTiers('01-x', 'b', 1);
    expect(store.lesson('01-x')).toBeUndefined();
    expect(store.shownHintTiers('01-x', 'a')).toBe(2);
    const checks = [
      { title: 'a', status: 'failed' as const },
      { title: 'b', status: 'passed' as const },
    ];
    store.recordRun('01-x', { passed: 1, failed: 1, skipped: 0, total: 2, at: '2026-01-01T00:00:00.000Z', checks });
    expect(store.lesson('01-x')?.hintTiers).toEqual({ a: 2 });
    expect(store.read().previews).toEqual({});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reads a missing or corrupt file as no progress', () => {
  expect(new ProgressStore('/nonexistent/progress.json').read()).toEqual({ lessons: {} });
});

test('the solution is asked for once: while the last run failed, until shown; never without a run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-progress-'));
  try {
    const store = new ProgressStore(path.join(dir, 'progress.json'));
    expect(store.solutionGate('01-gateway-basics')).toBeUndefined();
    const run = (status: 'passed' | 'failed') => ({
      passed: 1,
      failed: status === 'failed' ? 1 : 0,
      skipped: 0,
      total: 2,
      at: '2026-12-05T00:00:00.000Z',
      checks: [
        { title: 'a', status: 'passed' as const },
        { title: 'b', status },
      ],
    });
    store.recordRun('01-gateway-basics', run('failed'));
    expect(store.solutionGate('01-gateway-basics')).toEqual({ passed: 1, total: 2 });
    store.markSolutionShown('01-gateway-basics');
    store.recordRun('01-gateway-basics', run('failed'));
    expect(store.solutionGate('01-gateway-basics')).toBeUndefined();
    store.recordRun('02-handshake-auth', run('passed'));
    expect(store.solutionGate('02-handshake-auth')).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("keeps which tiers were shown, never the hints' words; a file from before loses them silently", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-progress-'));
  try {
    const file = path.join(dir, 'progress.json');
    const store = new ProgressStore(file);
    // A caller that passes the words along does not get them kept.
    store.recordRun('01-x', {
      passed: 0,
      failed: 1,
      skipped: 0,
      total: 1,
      at: '2026-01-01T00:00:00.000Z',
      checks: [{ title: 'a', status: 'failed', task: 1, hints: ['tier one', 'tier two', 'the sketch'] }],
    });
    store.recordHintTiers('01-x', 'a', 2);
    expect(readFileSync(file, 'utf8')).not.toMatch(/tier one|the sketch|"hints"/);
    expect(store.lesson('01-x')).toMatchObject({
      checks: [{ title: 'a', status: 'failed', task: 1 }],
      hintTiers: { a: 2 },
    });

    // A progress file written before: every check carried every tier's words.
    const old = {
      lessons: {
        '02-y': {
          passed: 1,
          failed: 1,
          skipped: 0,
          total: 2,
          at: '2026-01-01T00:00:00.000Z',
          checks: [
            { title: 'b', status: 'passed', task: 1, hints: ['b1', 'b2', 'b3'], baseline: false },
            { title: 'c', status: 'failed', task: 2, hints: ['c1', 'c2', 'the old sketch'], baseline: false },
          ],
          hintTiers: { c: 2 },
        },
      },
    };
    writeFileSync(file, JSON.stringify(old));
    expect(store.lesson('02-y')).toEqual({
      ...old.lessons['02-y'],
      checks: [
        { title: 'b', status: 'passed', task: 1, baseline: false },
        { title: 'c', status: 'failed', task: 2, baseline: false },
      ],
    });
    // Reading it was enough: the words are gone from the disk too.
    expect(readFileSync(file, 'utf8')).not.toMatch(/the old sketch|"hints"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
