import { expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import { ProgressStore } from '../../scripts/lib/progress/progress.js';
import { editorLink } from '../../scripts/web/editor-link.js';
import { checkCommand } from '../../scripts/lib/checks/check-command.js';
import { revealHintForPage } from '../../scripts/web/page-hints.js';
import { checkRunEnv } from '../../scripts/web/check-runs.js';
import { playgroundFor } from '../../scripts/web/playground-config.js';

test('More hint shows one new tier per call for the first failing check, as npm run hint records it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-hints-'));
  try {
    const store = new ProgressStore(path.join(dir, 'progress.json'));
    const lesson = findLesson('1');
    expect(revealHintForPage(lesson, store).note).toMatch(/No checks of lesson 1 are recorded yet/);
    store.recordRun(lesson.slug, {
      passed: 1,
      failed: 1,
      skipped: 0,
      total: 2,
      at: '2026-01-01T00:00:00.000Z',
      checks: [
        { title: 'passes', status: 'passed' },
        { title: 'fails', status: 'failed' },
      ],
    });
    // The words come from the check file; here, from a stand-in for it.
    const source = (_lesson: unknown, title: string) => ({ passes: ['p1'], fails: ['one', 'two', 'three'] })[title];
    // The failure on the page shows tier 1 already: the first click brings tier 2.
    expect(revealHintForPage(lesson, store, source)).toEqual({ title: 'fails', hints: ['one', 'two'], total: 3 });
    expect(revealHintForPage(lesson, store, source)).toEqual({
      title: 'fails',
      hints: ['one', 'two', 'three'],
      total: 3,
    });
    expect(revealHintForPage(lesson, store, source)).toEqual({
      title: 'fails',
      hints: ['one', 'two', 'three'],
      total: 3,
      note: 'That was the last hint.',
    });
    expect(store.lesson(lesson.slug)?.hintTiers).toEqual({ fails: 3 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run from the page is check.js --json, on the solution when the page is', () => {
  const lesson = findLesson('2');
  expect(checkCommand(lesson.number, { solution: false }).slice(-2)).toEqual(['2', '--json']);
  expect(checkCommand(lesson.number, { solution: true }).slice(-3)).toEqual(['2', '--json', '--solution']);
  expect(checkCommand(lesson.number, { solution: true })[2]).toMatch(/scripts[/\\]check\.js$/);
});

test('TODO links open the editor at the line; COURSE_EDITOR_URL changes the editor', () => {
  expect(editorLink('/home/me/course/lessons/01-x/src/a b.ts', 12, undefined)).toBe(
    'vscode://file/home/me/course/lessons/01-x/src/a%20b.ts:12:1',
  );
  expect(editorLink('/c/a.ts', 3, 'idea://open?file={file}&line={line}')).toBe('idea://open?file=/c/a.ts&line=3');
  expect(editorLink('/c/a.ts', 3, 'no placeholder')).toBe('vscode://file/c/a.ts:3:1');
});

test("the playground offers what the lesson's manifest declares", () => {
  expect(playgroundFor(findLesson('1'), [3000])).toMatchObject({
    sockets: true,
    sse: false,
    login: false,
    health: false,
    namespace: '/chat',
    users: ['alice', 'bob', 'carol'],
  });
  expect(playgroundFor(findLesson('3'), [3000])).toMatchObject({
    sockets: false,
    sse: true,
    login: true,
    streamPath: '/notifications/stream',
  });
  expect(playgroundFor(findLesson('4'), [3000, 3001])).toMatchObject({
    sockets: true,
    login: true,
    namespace: '/chat',
    health: true,
    ports: [3000, 3001],
  });
});

test("the page's check runs start their own Redis instead of the app's REDIS_URL, unless none can be started", () => {
  const env = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'mine', PATH: '/bin' };
  expect(checkRunEnv(env, () => true)).toEqual({ REDIS_PREFIX: 'mine', PATH: '/bin' });
  expect(checkRunEnv(env, () => false)).toEqual(env);
  expect(checkRunEnv({ PATH: '/bin' }, () => true)).toEqual({ PATH: '/bin' });
});
