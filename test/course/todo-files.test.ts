import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findLesson, REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { taskFiles } from '../../scripts/lib/course/task-files.js';
import { CHECK, runNode } from './run-node.js';

/**
 * "Its TODOs are in …" names the files the published starter has the task's TODOs in, whatever the learner
 * did to the comments: deleted one, or left a note of their own that looks like one in another file.
 */
const lesson = findLesson('2');
// Inside the course, so that the copy's code finds the course's packages.
const tree = path.join(REPO_ROOT, '.course', `todo-files-${process.pid}`);
const lessonDir = path.join(tree, lesson.slug);
const GATEWAY = path.join(lessonDir, 'src/chat/chat.gateway.ts');
const MIDDLEWARE = path.join(lessonDir, 'src/socket-auth/ws-auth.middleware.ts');

/** The file without its lines of `// TODO <task>:` and their continuation lines. */
function deleteTodos(file: string, task: number): void {
  const kept: string[] = [];
  let inTodo = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (new RegExp(`//\\s*TODO\\s+${task}:`).test(line)) inTodo = true;
    else if (!(inTodo && /^\s*\/\/\s{2,}\S/.test(line))) inTodo = false;
    if (!inTodo) kept.push(line);
  }
  writeFileSync(file, kept.join('\n'));
}

beforeAll(() => {
  cpSync(lesson.starterDir, lessonDir, { recursive: true });
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

test("a task's TODO deleted in one file, and a note of the learner's in another: the starter's files are named", async () => {
  deleteTodos(GATEWAY, 1);
  const appModule = path.join(lessonDir, 'src/app.module.ts');
  writeFileSync(appModule, `// TODO 1: ask about this at the workshop\n${readFileSync(appModule, 'utf8')}`);
  const { stdout, stderr } = await runNode([...CHECK, '2', '--tree', tree], {}, 150_000);
  expect(stderr).toBe('');
  const lines = stdout.split('\n');
  const next = lines.findIndex((line) => / Next: Task 1 · /.test(line));
  expect(next).toBeGreaterThan(0);
  expect(lines[next + 1]).toBe(
    'Its TODOs are in src/socket-auth/ws-auth.middleware.ts (and were in src/chat/chat.gateway.ts); npm run lesson 2 -- --task 1 prints its teaching.',
  );
}, 180_000);

test('with every TODO of the task deleted, the files are those it was in', () => {
  deleteTodos(GATEWAY, 1);
  deleteTodos(MIDDLEWARE, 1);
  expect(taskFiles(lesson, lessonDir, 1)).toEqual({
    files: ['src/chat/chat.gateway.ts', 'src/socket-auth/ws-auth.middleware.ts'],
    deleted: ['src/chat/chat.gateway.ts', 'src/socket-auth/ws-auth.middleware.ts'],
  });
  // A file of the task the learner deleted or renamed counts as one whose TODOs are gone.
  rmSync(MIDDLEWARE);
  expect(taskFiles(lesson, lessonDir, 1).deleted).toContain('src/socket-auth/ws-auth.middleware.ts');
});
