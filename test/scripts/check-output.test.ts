import { describe, expect, test } from '@jest/globals';
import { renderLessonResults, renderSummary } from '../../scripts/lib/checks/check-output.js';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import { palette } from '../../scripts/lib/cli/terminal.js';

const style = palette(false);
const lesson = findLesson('1');
const result = (title: string, status: 'passed' | 'failed' | 'skipped', extra: object = {}) => ({
  lesson: lesson.slug,
  tree: 'lessons',
  title,
  status,
  hints: ['first hint', 'second hint', 'third hint'],
  baseline: false,
  ms: 5,
  ...extra,
});

describe('check output', () => {
  test('groups the checks by task, shows the first failure in full and the others in one line', () => {
    const tasks = [
      { number: 1, title: 'Ping' },
      { number: 2, title: 'Rooms' },
    ];
    const lines = renderLessonResults(
      lesson,
      [
        result('connects', 'passed', { baseline: true }),
        result('pings', 'failed', { task: 1, kind: 'assertion', message: 'Expected pong.', transcript: ['+0 ms     alice → ping'] }),
        result('joins', 'failed', { task: 2, kind: 'assertion', message: 'Expected a room.\nmore detail' }),
        result('crosses', 'skipped', { task: 2, message: 'needs a private Redis' }),
      ],
      { style, tasks },
    );
    expect(lines).toEqual([
      '  Given · what the starter already does  1/1',
      '    ✓ connects',
      '  Task 1 · Ping  0/1',
      '    ✗ pings',
      '      Expected pong.',
      '        +0 ms     alice → ping',
      '      Hint: first hint',
      '            (hint 1 of 3; npm run hint 1 shows them one per call)',
      '  Task 2 · Rooms  0/2',
      '    ✗ joins',
      '      Expected a room.',
      '    - crosses (skipped: needs a private Redis)',
    ]);
  });

  test('says once that the app did not start when every check failed to boot it', () => {
    const boot = { kind: 'boot', message: 'The app could not be loaded.\n  SyntaxError: Expression expected' };
    const lines = renderLessonResults(lesson, [result('a', 'failed', boot), result('b', 'failed', boot)], { style });
    expect(lines).toEqual([
      '  ✗ the app did not start, so no check could run',
      '    The app could not be loaded.',
      '      SyntaxError: Expression expected',
      '    Fix the error above and run npm run check 1 again.',
    ]);
  });

  test('says once what is missing when checks could not run, and lists them', () => {
    const missing = { kind: 'prerequisite', message: 'redis-server is not on the PATH.\nInstall it.' };
    const lines = renderLessonResults(lesson, [result('a', 'failed', missing), result('b', 'failed', missing), result('c', 'passed')], { style });
    expect(lines).toEqual([
      '  ✗ 2 checks could not run:',
      '    redis-server is not on the PATH.',
      '    Install it.',
      '  Other checks  1/3',
      '    ✗ a (not run)',
      '    ✗ b (not run)',
      '    ✓ c',
    ]);
    const summary = renderSummary([result('a', 'failed', missing)], { style, lesson });
    expect(summary).toContain('0 of 1 checks pass. Set up what is missing (above), then run the checks again.');
  });

  test('ends with the count line alone', () => {
    const lines = renderSummary([result('a', 'passed'), result('b', 'failed'), result('c', 'skipped', { message: 'x' })], { style, lesson });
    expect(lines.at(-1)).toBe('course: 1 passed, 1 failed, 1 skipped');
    expect(lines).toContain('1 of 3 checks pass, 1 skipped. Next: b');
  });

  test("names the next task, its first failing check and the files of the task's TODOs", () => {
    const lines = renderSummary([result('a', 'passed', { task: 1 }), result('b', 'failed', { task: 2 })], {
      style,
      lesson,
      tasks: [{ number: 2, title: 'Rooms' }],
      todoFiles: (task) => (task === 2 ? ['src/chat/chat.gateway.ts'] : []),
    });
    expect(lines).toContain('1 of 2 checks pass. Next: Task 2 · Rooms: b');
    expect(lines).toContain('Its TODOs are in src/chat/chat.gateway.ts.');
  });
});
