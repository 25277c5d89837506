import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK, runNode } from './run-node.js';

/** Apps that fail while Nest builds or starts them: each must be reported, never a silent exit. */
const CASES = [
  ['unresolvable-dependency', "Nest can't resolve dependencies of the ChatGateway (?)"],
  ['throwing-constructor', 'Error: the room list is not ready'],
  ['throwing-factory', 'Error: ROOM_LIMIT must be a number'],
  ['module-cycle', "ReferenceError: Cannot access 'ChatModule' before initialization"],
  ['throwing-on-module-init', 'Error: could not load the rooms'],
] as const;

describe('an app that cannot boot is reported, with its cause', () => {
  test.each(CASES)(
    '%s',
    async (fixture, cause) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'course-boot-'));
      const progress = path.join(dir, 'progress.json');
      try {
        const tree = `test/fixtures/boot-failures/${fixture}`;
        const { code, stdout, stderr } = await runNode([...CHECK, '1', '--tree', tree], {
          COURSE_PROGRESS_FILE: progress,
        });
        expect(stderr).toBe('');
        expect(code).toBe(1);
        expect(stdout).toContain('the app did not start, so no check could run');
        expect(stdout).toContain(cause);
        expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^course: 0 passed, \d+ failed$/);
        expect(stdout.replace(/\(\d+\.\d s\)/g, '(N s)')).toMatchSnapshot();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
