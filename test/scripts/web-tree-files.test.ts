import { expect, test } from '@jest/globals';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTreeFile } from '../../scripts/web/tree-files.js';

test('serves files of the lesson trees only, and refuses traversal', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'course-files-'));
  try {
    mkdirSync(path.join(root, 'lessons', '01-x', 'src'), { recursive: true });
    mkdirSync(path.join(root, 'solutions', '01-x', 'src'), { recursive: true });
    writeFileSync(path.join(root, 'lessons', '01-x', 'src', 'main.ts'), 'main');
    writeFileSync(path.join(root, 'solutions', '01-x', 'src', 'main.ts'), 'solved');
    writeFileSync(path.join(root, 'secret.txt'), 'secret');
    symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'lessons', '01-x', 'src', 'link.ts'));

    expect(resolveTreeFile(root, 'lessons/01-x/src/main.ts')).toBe(path.join(root, 'lessons', '01-x', 'src', 'main.ts'));
    expect(resolveTreeFile(root, 'solutions/01-x/src/main.ts')).toBe(path.join(root, 'solutions', '01-x', 'src', 'main.ts'));
    for (const wanted of [
      'lessons/01-x/../../secret.txt',
      'lessons/01-x/src/%2e%2e/%2e%2e/%2e%2e/secret.txt',
      'lessons/01-x/src%2f..%2f..%2f..%2fsecret.txt',
      'lessons/01-x/src/..%5c..%5csecret.txt',
      'lessons/01-x/src/link.ts',
      'lessons/01-x/src',
      'lessons/01-x/src/missing.ts',
      'checks/01-x/main.ts',
      'secret.txt',
      'lessons/..%2fsecret.txt',
      'lessons/01-x//src/main.ts',
      'lessons/01-x/src/%00main.ts',
      'lessons/01-x/src/%E0%A4%A.ts',
    ]) {
      expect([wanted, resolveTreeFile(root, wanted)]).toEqual([wanted, undefined]);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
