import { afterAll, expect, test } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { CHECK, runNode } from './run-node.js';

/**
 * A guard that throws a plain Error: Nest answers 500 and logs the error with a stack of some 35 frames,
 * nearly all in node_modules. A transcript cut short keeps what the learner needs: the error's message and
 * their own file and line; the framework's frames fill only the room left.
 */
const LESSON = '03-sse-push';
const GUARD = 'src/notifications/bearer-auth.guard.ts';
const MESSAGE = 'the guard is not finished';
mkdirSync(path.join(REPO_ROOT, '.course'), { recursive: true });
const tree = mkdtempSync(path.join(REPO_ROOT, '.course', 'crash-transcript-'));
const progress = mkdtempSync(path.join(tmpdir(), 'course-crash-transcript-'));

afterAll(() => {
  rmSync(tree, { recursive: true, force: true });
  rmSync(progress, { recursive: true, force: true });
});

test("a crash in a guard shows its message and the learner's file:line, and folds the node_modules frames", async () => {
  cpSync(path.join(REPO_ROOT, 'solutions', LESSON), path.join(tree, LESSON), { recursive: true });
  const guard = path.join(tree, LESSON, GUARD);
  const lines = readFileSync(guard, 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes('canActivate('));
  expect(at).toBeGreaterThan(-1);
  lines.splice(at + 1, 0, `    throw new Error('${MESSAGE}');`);
  writeFileSync(guard, lines.join('\n'));

  const { stdout, stderr } = await runNode(
    [...CHECK, '3', '--tree', path.relative(REPO_ROOT, tree), '--all'],
    { COURSE_PROGRESS_FILE: path.join(progress, 'progress.json') },
    180_000,
  );
  expect(stderr).toBe('');
  const failures = stdout.split(/\n(?= {4}✗ )/).filter((block) => block.includes('app: at '));
  expect(failures.length).toBeGreaterThan(0);
  const folded = failures.filter((block) => /app: … \d+ (more )?frames in node_modules/.test(block));
  expect(folded.length).toBeGreaterThan(0);
  for (const block of failures) {
    expect(block).toContain(`app: ERROR [ExceptionsHandler] Error: ${MESSAGE}`);
    expect(block).toMatch(new RegExp(`app: at BearerAuthGuard\\.canActivate \\(.*/${GUARD}:${at + 2}:\\d+\\)`));
  }
}, 200_000);
