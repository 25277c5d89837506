import { expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK, runNode } from './run-node.js';

/** Times, ports, socket ids and uuids change from run to run; the words must not. */
function stable(output: string): string {
  return (
    output
      .replace(/\+\d+ ms\s+/g, '+N ms     ')
      .replace(/port \d+/g, 'port N')
      .replace(/\(id [\w-]+\)/g, '(id ID)')
      .replace(/closed \(\d+ ms[^)]*\)/g, 'closed (N ms)')
      .replace(/\(\d+\.\d s\)/g, '(N s)')
      // On a busy machine a failure reruns alone first, and says so: the words of the failure stay the same.
      .replace(/^ +It failed (twice|the same way when run again alone).*\n/gm, '')
      .replace(/^\d+ checks? passed only on a second run.*\n/gm, '')
  );
}

test("what a learner sees when lesson 1's starter is checked", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-output-'));
  try {
    const { code, stdout, stderr } = await runNode([...CHECK, '1'], {
      COURSE_PROGRESS_FILE: path.join(dir, 'progress.json'),
    });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('course: 2 passed, 30 failed');
    expect(stable(stdout)).toMatchSnapshot();
    // The run showed tier 1 under the failure: the first npm run hint goes on with tier 2.
    const hint = await runNode(['scripts/hint.js', '1'], { COURSE_PROGRESS_FILE: path.join(dir, 'progress.json') });
    expect(hint.stdout).toMatch(/^Hint 2\/3 · /);
    expect(hint.stdout).toMatchSnapshot();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
