import { expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson } from '../../scripts/lib/catalog.js';
import { ProgressStore } from '../../scripts/lib/progress.js';
import { editorLink } from '../../scripts/web/editor-link.js';
import { listTasks, revealWithProgress, tasksFromReadme } from '../../scripts/web/engine.js';
import { playgroundFor } from '../../scripts/web/playground-config.js';

test('tasks are the numbered bold titles of "Your tasks"', () => {
  const readme = [
    '# Lesson 9: x',
    '## Your tasks',
    'Some words.',
    '1. **Ping.** In `a.ts`, answer.',
    '2. **`whoami`** acknowledges.',
    '   1. **not a task** (nested)',
    '10. **Errors that teach:** more.',
    '## Try it',
    '3. **Not a task either.**',
  ].join('\n');
  expect(tasksFromReadme(readme)).toEqual([
    { number: 1, title: 'Ping' },
    { number: 2, title: 'whoami' },
    { number: 10, title: 'Errors that teach' },
  ]);
});

test("every lesson's README has tasks", () => {
  for (const number of ['1', '2', '3', '4']) expect(listTasks(findLesson(number)).length).toBeGreaterThan(2);
});

test('More hint reveals one tier per call for the first failing check, like npm run hint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-hints-'));
  try {
    const store = new ProgressStore(path.join(dir, 'progress.json'));
    const lesson = findLesson('1');
    expect(revealWithProgress(lesson, store).note).toMatch(/No checks have run for lesson 1 yet/);
    store.recordRun(lesson.slug, {
      passed: 1, failed: 1, skipped: 0, total: 2, at: '2026-01-01T00:00:00.000Z',
      checks: [
        { title: 'passes', status: 'passed', hints: ['p1'] },
        { title: 'fails', status: 'failed', hints: ['one', 'two', 'three'] },
      ],
    });
    expect(revealWithProgress(lesson, store)).toEqual({ title: 'fails', hints: ['one', 'two'], total: 3 });
    expect(revealWithProgress(lesson, store)).toEqual({ title: 'fails', hints: ['one', 'two', 'three'], total: 3 });
    expect(revealWithProgress(lesson, store)).toEqual({ title: 'fails', hints: ['one', 'two', 'three'], total: 3 });
    expect(store.lesson(lesson.slug)?.hintTiers).toEqual({ fails: 3 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TODO links open the editor at the line; COURSE_EDITOR_URL changes the editor', () => {
  expect(editorLink('/home/me/course/lessons/01-x/src/a b.ts', 12, undefined)).toBe('vscode://file/home/me/course/lessons/01-x/src/a%20b.ts:12:1');
  expect(editorLink('/c/a.ts', 3, 'idea://open?file={file}&line={line}')).toBe('idea://open?file=/c/a.ts&line=3');
  expect(editorLink('/c/a.ts', 3, 'no placeholder')).toBe('vscode://file/c/a.ts:3:1');
});

test('the playground offers what the README uses', () => {
  expect(playgroundFor("const s = io('http://localhost:3000/chat');", [3000])).toMatchObject({ sockets: true, sse: false, login: false, namespace: '/chat' });
  expect(playgroundFor('new EventSource(url) after POST /auth/login; GET /feed/stream', [3000])).toMatchObject({ sockets: false, sse: true, login: true, streamPath: '/feed/stream' });
  expect(playgroundFor('io(`http://localhost:${port}/room`) and GET /health', [3000, 3001])).toMatchObject({ namespace: '/room', health: true, ports: [3000, 3001] });
});
