import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { palette } from '../../scripts/lib/cli/terminal.js';
import { toHtml } from '../../scripts/lib/grade/grade-html.js';
import { gradeOptions } from '../../scripts/lib/grade/grade-options.js';
import { toCsv } from '../../scripts/lib/grade/grade-report.js';
import { renderGradeTable } from '../../scripts/lib/grade/grade-table.js';
import { isGitUrl, nameFromSource } from '../../scripts/lib/grade/learner-source.js';
import { gradeLesson, oneLine, type LessonRun } from '../../scripts/lib/grade/lesson-grade.js';
import { sandboxEnv } from '../../scripts/lib/grade/sandbox-env.js';
import { findTampering } from '../../scripts/lib/grade/tampering.js';
import { UsageError } from '../../scripts/lib/cli/usage-error.js';

const TASKS = [
  { number: 1, title: 'Open the gateway' },
  { number: 2, title: 'Rooms' },
];

function result(
  title: string,
  status: 'passed' | 'failed' | 'skipped',
  task?: number,
  kind?: string,
  message?: string,
) {
  return {
    lesson: '01-gateway-basics',
    tree: 't',
    title,
    status,
    task,
    kind,
    message,
    hints: [],
    baseline: task === undefined,
    ms: 1,
  } as never;
}

function lessonRun(overrides: Partial<LessonRun>): LessonRun {
  return {
    results: [],
    end: { bootFailure: null, suiteErrors: [] },
    stop: 'exited',
    code: 0,
    stderr: '',
    seconds: 12.34,
    timeoutSeconds: 180,
    ...overrides,
  };
}

describe('a lesson grade', () => {
  test('counts checks and each task, and is passed when nothing failed', () => {
    const grade = gradeLesson(
      1,
      TASKS,
      lessonRun({
        results: [
          result('given', 'passed'),
          result('a', 'passed', 1),
          result('b', 'passed', 2),
          result('c', 'skipped', 2),
        ],
      }),
    );
    expect(grade).toEqual({
      lesson: 1,
      status: 'passed',
      passed: 3,
      total: 4,
      skipped: 1,
      seconds: 12.3,
      tasks: [
        { task: 1, title: 'Open the gateway', passed: 1, total: 1 },
        { task: 2, title: 'Rooms', passed: 1, total: 2 },
      ],
    });
  });

  test('is partial with a failing check, and names it', () => {
    const grade = gradeLesson(1, TASKS, lessonRun({ results: [result('a', 'passed', 1), result('b', 'failed', 2)] }));
    expect(grade).toMatchObject({ status: 'partial', passed: 1, total: 2, failing: ['b'] });
  });

  test("did not start, in one line naming the learner's file, when the app could not boot", () => {
    const boot =
      'The app could not be loaded.\n  SyntaxError: Expression expected\n    at .course/grade/123/1/01-gateway-basics/src/chat/chat.gateway.ts:19:1\n      19 | x';
    const grade = gradeLesson(
      1,
      TASKS,
      lessonRun({ results: [result('a', 'failed', 1, 'boot', boot)], end: { bootFailure: boot, suiteErrors: [] } }),
    );
    expect(grade.status).toBe('did not start');
    expect(grade.reason).toBe(
      'SyntaxError: Expression expected (lessons/01-gateway-basics/src/chat/chat.gateway.ts:19:1)',
    );
  });

  test('did not start even when a check that needs no running app passed', () => {
    const boot =
      'The app could not be loaded.\n  SyntaxError: Expression expected\n    at x/02-handshake-auth/src/app.ts:40:1';
    const results = [
      result('config fails closed', 'passed'),
      result('a', 'failed', 1, 'boot', boot),
      result('b', 'failed', 2, 'boot', boot),
    ];
    expect(gradeLesson(1, TASKS, lessonRun({ results })).status).toBe('did not start');
    const oneConfigFails = [result('x', 'passed', 1), result('y', 'passed', 2), result('a', 'failed', 1, 'boot', boot)];
    expect(gradeLesson(1, TASKS, lessonRun({ results: oneConfigFails })).status).toBe('partial');
  });

  test('timed out and too much output say so, whatever had reported', () => {
    expect(
      gradeLesson(
        1,
        TASKS,
        lessonRun({ stop: 'timed out', end: undefined, results: [result('a', 'passed', 1)], timeoutSeconds: 30 }),
      ),
    ).toMatchObject({
      status: 'timed out',
      passed: 1,
      reason: 'no result within 30 s (1 checks had reported)',
    });
    expect(gradeLesson(1, TASKS, lessonRun({ stop: 'too much output', end: undefined })).status).toBe(
      'too much output',
    );
  });

  test('crashed when the checks ended before they reported', () => {
    const grade = gradeLesson(
      1,
      TASKS,
      lessonRun({ end: undefined, code: 1, stderr: 'something\nRangeError: Maximum call stack size exceeded\n' }),
    );
    expect(grade).toMatchObject({ status: 'crashed', reason: 'something' });
  });

  test('oneLine keeps a long error to one short line', () => {
    expect(oneLine(`Error: ${'x'.repeat(500)}`)).toHaveLength(240);
  });
});

describe('the environment of a learner run', () => {
  test('holds PATH, a temporary HOME, NODE_ENV=test and the course variables only', () => {
    const env = sandboxEnv('/tmp/home-1', {
      PATH: '/bin',
      HOME: '/home/me',
      GITHUB_TOKEN: 'ghp_x',
      AWS_SECRET_ACCESS_KEY: 'k',
      REDIS_URL: 'redis://127.0.0.1:6379',
      NODE_ENV: 'production',
    });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/tmp/home-1',
      TMPDIR: '/tmp/home-1',
      NODE_ENV: 'test',
      NO_COLOR: '1',
      LANG: 'C.UTF-8',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });
});

describe('course files a learner changed', () => {
  let course: string;
  let learner: string;
  const write = (root: string, file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => {
    course = mkdtempSync(path.join(tmpdir(), 'course-'));
    learner = mkdtempSync(path.join(tmpdir(), 'learner-'));
    for (const root of [course, learner]) {
      write(root, 'checks/01.check.ts', 'check\n');
      write(root, 'checks/support/harness.ts', 'harness\n');
      write(root, 'package.json', '{}\n');
    }
  });
  afterEach(() => {
    rmSync(course, { recursive: true, force: true });
    rmSync(learner, { recursive: true, force: true });
  });

  test('none when the copy is as shipped, whatever its line endings', () => {
    write(learner, 'checks/01.check.ts', 'check\r\n');
    expect(findTampering(learner, course)).toEqual([]);
  });

  test('an edited, an added and a removed file', () => {
    write(learner, 'checks/01.check.ts', 'expect(true).toBe(true)\n');
    write(learner, 'scripts/check.js', 'process.exit(0)\n');
    rmSync(path.join(learner, 'checks/support/harness.ts'));
    expect(findTampering(learner, course)).toEqual([
      'checks/01.check.ts',
      'checks/support/harness.ts',
      'scripts/check.js',
    ]);
  });

  test('a folder the copy does not hold at all is no difference', () => {
    rmSync(path.join(learner, 'checks'), { recursive: true });
    expect(findTampering(learner, course)).toEqual([]);
  });
});

describe('where a learner comes from', () => {
  test.each([
    ['https://github.com/class/alice-chat.git', true],
    ['git@github.com:class/alice-chat.git', true],
    ['file:///srv/alice.git', true],
    ['./alice', false],
    ['C:\\class\\alice', false],
  ])('%s is a git URL: %s', (arg, expected) => expect(isGitUrl(arg)).toBe(expected));

  test.each([
    ['https://github.com/class/alice-chat.git', 'alice-chat'],
    ['git@github.com:class/bob.git', 'bob'],
    ['/home/me/class/carol/', 'carol'],
  ])('%s is named %s', (source, name) => expect(nameFromSource(source)).toBe(name));
});

describe('the options of npm run grade', () => {
  test('default to every lesson, half the cores and 180 s', () => {
    const options = gradeOptions(['a'], {}, 8);
    expect(options.lessons.map((lesson) => lesson.number)).toEqual([1, 2, 3, 4]);
    expect(options).toMatchObject({ jobs: 4, timeoutSeconds: 180, outputs: {} });
    expect(gradeOptions(['a'], {}, 1).jobs).toBe(1);
  });

  test('take lessons in any order, once each', () => {
    expect(gradeOptions(['a'], { lessons: '2,1,02' }).lessons.map((lesson) => lesson.number)).toEqual([1, 2]);
  });

  test.each([
    [[], {}, /^npm run grade: name at least one learner/],
    [['a', 'b'], { name: 'alice' }, /^npm run grade: --name names one learner/],
    [['a'], { timeout: '-1' }, /^npm run grade: --timeout takes a whole number from 1 to 3600, not '-1'$/],
    [['a'], { jobs: 'many' }, /^npm run grade: --jobs takes/],
    [['a'], { lessons: '1,7' }, /^npm run grade: --lessons: no lesson 7/],
    [
      ['a'],
      { html: '/nonexistent/dir/report.html' },
      /^npm run grade: --html \/nonexistent\/dir\/report\.html: no folder/,
    ],
  ])('refuse %j %j', (positionals, flags, message) => {
    expect(() => gradeOptions(positionals, flags)).toThrow(UsageError);
    expect(() => gradeOptions(positionals, flags)).toThrow(message);
  });
});

const REPORT = {
  course: 'nestjs-realtime-course 1.0.0',
  gradedAt: '2026-12-05T18:00:00.000Z',
  learners: [
    {
      name: 'alice',
      source: '/class/alice',
      tampered: [],
      lessons: [
        {
          lesson: 1,
          status: 'passed' as const,
          passed: 25,
          total: 25,
          skipped: 0,
          seconds: 11.2,
          tasks: [{ task: 1, title: 'Open the gateway', passed: 3, total: 3 }],
        },
        {
          lesson: 2,
          status: 'partial' as const,
          passed: 12,
          total: 33,
          skipped: 0,
          seconds: 14,
          tasks: [{ task: 1, title: 'Refuse', passed: 1, total: 4 }],
        },
      ],
    },
    {
      name: '=cmd|<script>',
      source: '/class/mallory',
      tampered: ['checks/01-gateway-basics.check.ts'],
      lessons: [
        {
          lesson: 1,
          status: 'timed out' as const,
          passed: 0,
          total: 0,
          skipped: 0,
          seconds: 180,
          tasks: [],
          reason: 'no result within 180 s (0 checks had reported)',
        },
        {
          lesson: 2,
          status: 'did not start' as const,
          passed: 0,
          total: 25,
          skipped: 0,
          seconds: 6,
          tasks: [],
          reason: 'SyntaxError: <img src=x onerror=alert(1)>',
        },
      ],
    },
  ],
};

describe('the reports', () => {
  test('the terminal table: a row per learner, a cell per lesson, then what went wrong', () => {
    expect(renderGradeTable(REPORT.learners, [1, 2], palette(false))).toEqual([
      'learner        lesson 1   lesson 2       course files',
      '─────────────  ─────────  ─────────────  ────────────',
      'alice          25/25      12/33          as shipped',
      '=cmd|<script>  timed out  did not start  1 changed',
      '',
      '=cmd|<script> · lesson 1: timed out: no result within 180 s (0 checks had reported)',
      '=cmd|<script> · lesson 2: did not start: SyntaxError: <img src=x onerror=alert(1)>',
      "=cmd|<script>: differs from the course in checks/01-gateway-basics.check.ts (graded with the course's own)",
    ]);
  });

  test('CSV: a row per learner and lesson, learner text never a formula', () => {
    const lines = toCsv(REPORT).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'learner,source,lesson,status,passed,total,skipped,seconds,tasks,reason,course files changed',
    );
    expect(lines[1]).toBe('alice,/class/alice,1,passed,25,25,0,11.2,1:3/3,,');
    expect(lines[3]).toMatch(/^'=cmd\|<script>,\/class\/mallory,1,timed out,/);
  });

  test('HTML: one page, no outside resource, learner text escaped', () => {
    const html = toHtml(REPORT, [1, 2]);
    expect(html).not.toMatch(/<img src=x/);
    expect(html).not.toMatch(/<script>,|=cmd\|<script>/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('<td class="passed" data-sort="1"><details><summary>25/25</summary>');
    expect(html).toContain('<td class="timed-out" data-sort="-1">');
  });
});
