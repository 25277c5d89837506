import { describe, expect, test } from '@jest/globals';
import {
  bootErrorLocation,
  firstFailing,
  hintLead,
  rerunNote,
  renderLessonResults,
  renderSummary,
} from '../../scripts/lib/checks/check-output.js';
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
        result('pings', 'failed', {
          task: 1,
          kind: 'assertion',
          message: 'Expected pong.',
          transcript: ['+0 ms     alice → ping'],
        }),
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
    const lines = renderLessonResults(
      lesson,
      [result('a', 'failed', missing), result('b', 'failed', missing), result('c', 'passed')],
      { style },
    );
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
    const lines = renderSummary(
      [result('a', 'passed'), result('b', 'failed'), result('c', 'skipped', { message: 'x' })],
      { style, lesson },
    );
    expect(lines.at(-1)).toBe('course: 1 passed, 1 failed, 1 skipped');
    expect(lines).toContain('1 of 3 checks pass, 1 skipped. Next: b');
  });

  test("names the next task, its first failing check and the files of the task's TODOs", () => {
    const lines = renderSummary([result('a', 'passed', { task: 1 }), result('b', 'failed', { task: 2 })], {
      style,
      lesson,
      tasks: [{ number: 2, title: 'Rooms' }],
      todoFiles: (task) => ({ files: task === 2 ? ['src/chat/chat.gateway.ts'] : [], deleted: [] }),
    });
    expect(lines).toContain('1 of 2 checks pass. Next: Task 2 · Rooms: b');
    expect(lines).toContain(
      'Its TODOs are in src/chat/chat.gateway.ts; npm run lesson 1 -- --task 2 prints its teaching.',
    );
  });

  test('a run of another tree (--solution, --tree) does not send the learner to npm run hint, which follows their own runs', () => {
    const failing = [result('b', 'failed', { task: 2 })];
    expect(renderSummary(failing, { style, lesson }).join('\n')).toContain('Stuck? npm run hint 1');
    expect(renderSummary(failing, { style, lesson, onRecord: false }).join('\n')).not.toContain('npm run hint');
  });

  test('with --task K, "Next:" names task K\'s first failure and its hints, whatever failed before it', () => {
    const lines = renderSummary([result('a', 'failed', { task: 1 }), result('b', 'failed', { task: 2 })], {
      style,
      lesson,
      tasks: [
        { number: 1, title: 'Open' },
        { number: 2, title: 'Rooms' },
      ],
      focusTask: 2,
    });
    expect(lines).toContain('0 of 2 checks pass. Next: Task 2 · Rooms: b');
    expect(lines).toContain('Stuck? npm run hint 1 -- --task 2 shows one more hint each time.');
  });

  test('a failing Given check sends the learner to what they changed in the provided code', () => {
    const failing = [result('cors', 'failed', { baseline: true })];
    expect(renderSummary(failing, { style, lesson })).toContain(
      `It checks code the lesson gives you ready-made: git diff lessons/${lesson.slug}/src shows what you changed.`,
    );
    expect(renderSummary(failing, { style, lesson, onRecord: false }).join('\n')).not.toContain('git diff');
  });

  test('once the learner deleted the TODOs, the summary still names where they were', () => {
    const lines = renderSummary([result('b', 'failed', { task: 2 })], {
      style,
      lesson,
      tasks: [{ number: 2, title: 'Rooms' }],
      todoFiles: () => ({ files: ['src/chat/chat.gateway.ts'], deleted: ['src/chat/chat.gateway.ts'] }),
    });
    expect(lines).toContain(
      'Its TODOs were in src/chat/chat.gateway.ts; npm run lesson 1 -- --task 2 prints its teaching.',
    );
  });

  test("where the learner deleted some of a task's TODOs, the summary names both", () => {
    const lines = renderSummary([result('b', 'failed', { task: 6 })], {
      style,
      lesson,
      tasks: [{ number: 6, title: 'Rules for each payload' }],
      todoFiles: () => ({
        files: ['src/chat/dto/room.dto.ts', 'src/chat/dto/send-message.dto.ts'],
        deleted: ['src/chat/dto/room.dto.ts'],
      }),
    });
    expect(lines).toContain(
      'Its TODOs are in src/chat/dto/send-message.dto.ts (and were in src/chat/dto/room.dto.ts); npm run lesson 1 -- --task 6 prints its teaching.',
    );
  });

  test("a green lesson names the next lesson's command; after the last, the end of the course", () => {
    const next = findLesson('2');
    const green = [result('a', 'passed'), result('b', 'passed')];
    expect(renderSummary(green, { style, lesson, nextLesson: next })).toEqual([
      '',
      '2 of 2 checks pass. Lesson 1 is done.',
      `Next: lesson 2 · ${next.title}: npm run lesson 2`,
      'course: 2 passed, 0 failed',
    ]);
    expect(renderSummary(green, { style, lesson: findLesson('4'), nextLesson: null })).toContain(
      'That was the last lesson: the course is done.',
    );
  });

  test('skipped is never done: it says how many, why, and how to run them', () => {
    const why = 'it stops Redis; REDIS_URL is set (unset REDIS_URL to let them start a private redis-server)';
    const lines = renderSummary(
      [result('a', 'passed'), result('b', 'skipped', { message: why }), result('c', 'skipped', { message: why })],
      { style, lesson, nextLesson: findLesson('2') },
    );
    expect(lines.join('\n')).not.toMatch(/is done|Next: lesson/);
    expect(lines).toEqual([
      '',
      '1 of 3 checks pass, 2 skipped. 2 checks were skipped, so lesson 1 is not done yet.',
      `  Skipped (2) because ${why}.`,
      'To run them: do what the reason above says, then npm run check 1 again.',
      'course: 1 passed, 0 failed, 2 skipped',
    ]);
  });

  test('a compile error is said once, and Next: names making the app start at its file and line', () => {
    const boot = {
      kind: 'boot',
      message:
        'The app could not be loaded.\n  SyntaxError: Expression expected\n    at lessons/01-gateway-basics/src/chat/chat.gateway.ts:12:7',
    };
    const results = [
      result('config', 'passed', { baseline: true }),
      result('a', 'failed', { task: 1, ...boot }),
      result('b', 'failed', { task: 2, ...boot }),
    ];
    const lines = renderLessonResults(lesson, results, { style });
    expect(lines.filter((line) => line.includes('SyntaxError'))).toHaveLength(1);
    expect(lines[0]).toBe('  ✗ the app did not start, so 2 of 3 checks could not run');
    const summary = renderSummary(results, { style, lesson });
    expect(summary).toContain(
      '1 of 3 checks pass. Next: make the app start: fix lessons/01-gateway-basics/src/chat/chat.gateway.ts:12 (the error above).',
    );
    expect(summary.join('\n')).not.toMatch(/hint/);
    expect(bootErrorLocation('no place named')).toBeUndefined();
  });

  test('a check that passed only on a second run, alone, says so', () => {
    const rerun = {
      why: 'it missed a deadline while this machine was busy',
      first: 'Expected pong within 1000 ms.',
      scale: 3,
    };
    const results = [result('a', 'passed', { task: 1, rerun })];
    expect(renderLessonResults(lesson, results, { style, tasks: [{ number: 1, title: 'Ping' }] })).toContain(
      '    ✓ a (on a second run, alone: see below)',
    );
    expect(renderSummary(results, { style, lesson }).join('\n')).toContain(
      '1 check passed only on a second run, alone with every deadline ×3: it missed a deadline while this machine was busy.',
    );
  });

  test('a failure that repeats alone says the machine was not the cause; one that changed says where it was busy', () => {
    const busy = { why: 'its thread waited for a CPU 49 % of the time', scale: 3 };
    expect(
      rerunNote({
        status: 'failed',
        message: 'Expected 501 to be 200 after 1204 ms.',
        rerun: { ...busy, first: 'Expected 501 to be 200 after 88 ms.' },
      }),
    ).toBe(
      "It failed the same way when run again alone with every deadline ×3 (each wait its message names lasted 3 times as long): this machine's speed is not the cause.",
    );
    expect(
      rerunNote({
        status: 'failed',
        message: 'Expected pong within 3000 ms, but the socket closed.',
        rerun: { ...busy, first: 'Expected pong within 1000 ms.' },
      }),
    ).toBe(
      "It failed again, differently, when run alone with every deadline ×3: the failure shown is that run's (each wait it names lasted 3 times as long), and this machine's speed is not its cause.",
    );
    expect(rerunNote({ status: 'failed', message: 'x' })).toBeUndefined();
    // Another random ticket in the same failure is the same failure.
    expect(
      rerunNote({
        status: 'failed',
        message: 'Expected a ticket of 43 characters, but it was "alice.b1f2ZxQ09aLm3kPq".',
        rerun: { ...busy, first: 'Expected a ticket of 43 characters, but it was "alice.Zz81mQ0p2LqXr7sT".' },
      }),
    ).toMatch(/^It failed the same way/);
  });

  test('a failure that was not run again, because one before it failed for good, says so', () => {
    const notRerun =
      'It ran out of time while this machine was busy: its task may not be done yet, or the machine was only slow. It was not run again alone to tell which, because a check before it failed for good. Fix that one first.';
    expect(rerunNote({ status: 'failed', message: 'x', notRerun })).toBe(notRerun);
    expect(rerunNote({ status: 'passed', message: 'x', notRerun })).toBeUndefined();
  });

  test('the failure shown in full is the first in the listed order: the given checks, then task by task', () => {
    const checks = [
      result('task 2', 'failed', { task: 2 }),
      result('task 1', 'failed', { task: 1 }),
      result('given', 'failed', { baseline: true }),
    ];
    expect(firstFailing(checks)?.title).toBe('given');
    expect(firstFailing(checks.slice(0, 2))?.title).toBe('task 1');
  });
});

describe('a hint says first which earlier task to fix', () => {
  const { buildsOn } = lesson.manifest;
  const tasks = [
    { number: 1, title: 'Open the gateway' },
    { number: 2, title: 'Rooms' },
    { number: 6, title: 'Validation' },
  ];
  const failed = (title: string, task: number, extra: object = {}) =>
    result(title, 'failed', { task, kind: 'assertion', message: `Expected ${title}.`, ...extra });

  test('an earlier task that fails in the same run leads the hint of every later failure, the earliest first', () => {
    const results = [failed('joins', 2), failed('kicks', 6), failed('names', 6)];
    expect(hintLead(results[1], results, tasks, buildsOn)).toBe(
      'Task 2 · Rooms fails too: fix it first; this check needs it.',
    );
    expect(hintLead(results[0], results, tasks, buildsOn)).toBeUndefined();
    const lines = renderLessonResults(lesson, results, { style, tasks, all: true });
    expect(lines.slice(lines.indexOf('    ✗ kicks'), lines.indexOf('    ✗ kicks') + 5)).toEqual([
      '    ✗ kicks',
      '      Expected kicks.',
      '      Hint: Task 2 · Rooms fails too: fix it first; this check needs it.',
      '            first hint',
      '            (hint 1 of 3; npm run hint 1 shows them one per call)',
    ]);
  });

  test('a failure in a step of an earlier task (t.needs) leads its hint, even when that task was not run', () => {
    const alone = failed('names', 6, { needs: 2 });
    expect(hintLead(alone, [alone], tasks, buildsOn)).toBe(
      'This check stopped on what Task 2 · Rooms does: fix that task first; this check needs it.',
    );
    expect(renderLessonResults(lesson, [alone], { style, tasks })).toContain(
      '      Hint: This check stopped on what Task 2 · Rooms does: fix that task first; this check needs it.',
    );
    // A task that fails in the run is named rather: it is the one to fix first.
    expect(hintLead(alone, [failed('connects', 1), alone], tasks, buildsOn)).toMatch(
      /^Task 1 · Open the gateway fails too/,
    );
  });

  test('nothing leads the hint of a check whose earlier tasks pass, of a baseline check, or when Redis was missing', () => {
    const own = failed('names', 6);
    expect(hintLead(own, [result('joins', 'passed', { task: 2 }), own], tasks, buildsOn)).toBeUndefined();
    expect(hintLead(failed('names', 6, { needs: 6 }), [], tasks, buildsOn)).toBeUndefined();
    const given = result('cors', 'failed', { baseline: true });
    expect(hintLead(given, [failed('joins', 2), given], tasks, buildsOn)).toBeUndefined();
    const missing = failed('joins', 2, { kind: 'prerequisite' });
    expect(hintLead(own, [missing, own], tasks, buildsOn)).toBeUndefined();
  });

  test('an earlier failing task the check does not build on leads nothing', () => {
    const buildsOn = { '3': [2], '2': [1] };
    const presence = failed('counts', 4);
    // Task 4 builds on nothing here: rooms (task 2) not done yet is no reason for it to fail.
    expect(hintLead(presence, [failed('joins', 2), presence], tasks, buildsOn)).toBeUndefined();
    // What task 3 builds on, and what that builds on in turn, does lead.
    const sends = failed('sends', 3);
    expect(hintLead(sends, [failed('connects', 1), failed('joins', 2), sends], tasks, buildsOn)).toMatch(
      /^Task 1 · Open the gateway fails too/,
    );
    // A step of task 2 (t.needs) brings in task 2 and what it builds on, not the other failing tasks.
    const stopped = failed('names', 5, { needs: 2 });
    expect(hintLead(stopped, [failed('counts', 4), stopped], tasks, buildsOn)).toBe(
      'This check stopped on what Task 2 · Rooms does: fix that task first; this check needs it.',
    );
  });
});
