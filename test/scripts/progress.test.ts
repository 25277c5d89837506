import { expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
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
      checks: Object.entries(statuses).map(([title, status]) => ({ title, status, hints: ['h1', 'h2'] })),
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
