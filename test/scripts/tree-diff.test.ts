import { expect, test } from '@jest/globals';
import { diffTrees } from '../../scripts/lib/course/tree-diff.js';
import { palette } from '../../scripts/lib/cli/terminal.js';

test('diffs two trees file by file and counts the lines', () => {
  const before = {
    label: 'lessons/x/src',
    files: new Map([
      ['a.ts', 'one\ntwo\n'],
      ['same.ts', 'x\n'],
      ['gone.ts', 'bye\n'],
    ]),
  };
  const after = {
    label: 'solutions/x/src',
    files: new Map([
      ['a.ts', 'one\n2\n'],
      ['same.ts', 'x\n'],
      ['new.ts', 'hi\n'],
    ]),
  };
  const { text, changedFiles, added, removed } = diffTrees(before, after, palette(false));
  expect({ changedFiles, added, removed }).toEqual({ changedFiles: 3, added: 2, removed: 2 });
  expect(text).toContain('--- lessons/x/src/a.ts');
  expect(text).toContain('+++ solutions/x/src/a.ts');
  expect(text).toContain('-two\n+2');
  expect(text).not.toContain('same.ts');
});
