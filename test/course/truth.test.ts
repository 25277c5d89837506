import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { CHECK, runNode } from './run-node.js';

/**
 * What a run says must be true: a compile error in the learner's file is said once, and "Next:" is to
 * make the app start at that file and line (in the terminal and in what the page receives); the hint
 * that follows goes on from what the run showed.
 */
const LESSON = '01-gateway-basics';
const BROKEN = 'src/chat/chat.gateway.ts';
let tree: string;
let scratch: string;

beforeAll(() => {
  // Inside the course, so the copy resolves the course's node_modules.
  mkdirSync(path.join(REPO_ROOT, '.course'), { recursive: true });
  tree = mkdtempSync(path.join(REPO_ROOT, '.course', 'compile-error-'));
  cpSync(path.join(REPO_ROOT, 'lessons', LESSON), path.join(tree, LESSON), { recursive: true });
  const file = path.join(tree, LESSON, BROKEN);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.splice(2, 0, 'const = ;');
  writeFileSync(file, lines.join('\n'));
  scratch = mkdtempSync(path.join(tmpdir(), 'course-truth-'));
});
afterAll(() => {
  rmSync(tree, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

test('a compile error is said once, and Next: names making the app start at its file and line', async () => {
  const progress = path.join(scratch, 'progress.json');
  const { code, stdout, stderr } = await runNode([...CHECK, '1', '--tree', tree], { COURSE_PROGRESS_FILE: progress });
  expect(stderr).toBe('');
  expect(code).toBe(1);
  expect(stdout.split('\n').filter((line) => line.includes('SyntaxError'))).toHaveLength(1);
  const where = `${path.relative(REPO_ROOT, tree)}/${LESSON}/${BROKEN}:3`;
  expect(stdout).toContain(`Next: make the app start: fix ${where} (the error above).`);
  expect(stdout).not.toMatch(/Hint:|npm run hint/);
}, 120_000);

test("the page's stream carries the compile error once, and the same Next:", async () => {
  const { stdout } = await runNode([...CHECK, '1', '--tree', tree, '--json'], {
    COURSE_PROGRESS_FILE: path.join(scratch, 'page.json'),
  });
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; message?: string; verdict?: string[]; bootFailure?: string });
  const results = lines.filter((line) => line.type === 'result');
  expect(results.filter((result) => result.message?.includes('SyntaxError'))).toHaveLength(1);
  const end = lines.at(-1);
  expect(end?.bootFailure).toContain('SyntaxError');
  expect(end?.verdict?.join('\n')).toContain(
    `Next: make the app start: fix ${path.relative(REPO_ROOT, tree)}/${LESSON}/${BROKEN}:3`,
  );
}, 120_000);
