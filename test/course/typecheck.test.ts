import { expect, test } from '@jest/globals';
import { runNode } from './run-node.js';

test('every tree type-checks: starters, solutions, checks, scripts and tests', async () => {
  const { code, stdout, stderr } = await runNode(
    ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'],
    {},
    120_000,
  );
  expect(`${stdout}${stderr}`).toBe('');
  expect(code).toBe(0);
}, 130_000);
