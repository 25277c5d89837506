import { expect, test } from '@jest/globals';
import { runNode } from './run-node.js';

// The learner's own code is theirs: the checks never run these. The course's code passes both.
test('starters, solutions, checks, scripts and tests pass ESLint, Prettier included', async () => {
  const { code, stdout, stderr } = await runNode(
    ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'],
    {},
    180_000,
  );
  expect(`${stdout}${stderr}`).toBe('');
  expect(code).toBe(0);
}, 190_000);

test('every other file Prettier formats is formatted', async () => {
  const { code, stdout, stderr } = await runNode(
    ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'],
    {},
    120_000,
  );
  expect(`${stdout}${stderr}`).toBe('');
  expect(code).toBe(0);
}, 130_000);
