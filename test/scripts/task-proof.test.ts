import { expect, test } from '@jest/globals';
import { renderProofTable } from '../../scripts/lib/checks/task-proof.js';
import { palette } from '../../scripts/lib/cli/terminal.js';

const failure = (title: string, task: number) => ({
  lesson: '01-gateway-basics',
  tree: 't',
  title,
  task,
  status: 'failed' as const,
  kind: 'assertion' as const,
  hints: [],
  baseline: false,
  ms: 1,
});

test('the per-task proof reads as a table, and says when a proof needed a second run', () => {
  const lines = renderProofTable(
    [
      {
        lesson: '01-gateway-basics',
        task: 1,
        title: 'Open',
        proven: true,
        firstFailure: failure('connects', 1),
        ms: 2100,
      },
      {
        lesson: '01-gateway-basics',
        task: 2,
        title: 'Rooms',
        proven: false,
        firstFailure: failure('connects', 1),
        problem: 'the first failing check, "connects", belongs to task 1',
        ms: 900,
      },
      {
        lesson: '01-gateway-basics',
        task: 3,
        title: 'Messages',
        proven: true,
        firstFailure: failure('sends', 3),
        flaky: 'the first run failed "joins" (task 2, solved in this copy): a flaky check',
        ms: 4000,
      },
    ],
    palette(false),
  );
  expect(lines[1]).toMatch(/^ {2}✓ 01 · task 1 Open +fails first: connects \(2\.1 s\)$/);
  expect(lines[2]).toMatch(
    /^ {2}✗ 01 · task 2 Rooms +the first failing check, "connects", belongs to task 1 \(0\.9 s\)$/,
  );
  expect(lines[3]).toMatch(/^ {2}✓ 01 · task 3 Messages +fails first: sends/);
  expect(lines[4]).toBe(
    '      on a second run: the first run failed "joins" (task 2, solved in this copy): a flaky check',
  );
});
