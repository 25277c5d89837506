import { describe, expect, test } from '@jest/globals';
import { lintAclHints, lintDifferences, lintManifest } from '../../scripts/lib/authoring/lesson-lint.js';
import {
  lintReadme,
  README_SECTIONS,
  tasksStart,
  WORDS_BEFORE_TASKS,
} from '../../scripts/lib/authoring/readme-lint.js';
import { findLesson, parseTasks } from '../../scripts/lib/course/catalog.js';

const starter = [
  "import { X } from 'x';",
  '',
  'export function ping(): string {',
  "  // TODO 1: answer 'pong'.",
  "  throw new Error('Not implemented yet');",
  '}',
  '',
].join('\n');

describe('the course lint', () => {
  test('accepts a solution that differs only inside the TODO region', () => {
    const solution = starter.replace(
      "  // TODO 1: answer 'pong'.\n  throw new Error('Not implemented yet');",
      "  return 'pong';",
    );
    expect(lintDifferences('01/src/ping.ts', starter, solution)).toEqual([]);
  });

  test('accepts a different import block: the learner writes imports, and the per-task proof keeps them whole', () => {
    const solution = starter
      .replace("import { X } from 'x';", "import { X, Y } from 'x';")
      .replace("  // TODO 1: answer 'pong'.\n  throw new Error('Not implemented yet');", "  return 'pong';");
    expect(lintDifferences('01/src/ping.ts', starter, solution)).toEqual([]);
  });

  test('flags a difference outside any TODO region', () => {
    const solution = `export const version = 1;\n${starter}`.replace(
      "  // TODO 1: answer 'pong'.\n  throw new Error('Not implemented yet');",
      "  return 'pong';",
    );
    expect(lintDifferences('01/src/ping.ts', starter, solution)).toEqual([
      expect.stringMatching(/^lessons\/01\/src\/ping\.ts:1 differs from the solution outside a TODO region/),
    ]);
  });

  const roadmap = [
    'Your code is in `src/`.',
    '',
    '1. **Ping.** The gateway answers `ping`: `chat.gateway.ts`.',
    '2. **Rooms.** Joining and leaving: `chat.gateway.ts`.',
    '',
    '### Task 1 · Ping',
    '',
    'What it needs, then what the checks expect.',
    '',
    '### Task 2 · Rooms',
    '',
    'text',
  ].join('\n');
  const complete = README_SECTIONS.map(
    (section) => `## ${section}\n\n${section === 'Your tasks' ? roadmap : 'text'}\n`,
  ).join('\n');

  test('wants every README section, in order', () => {
    expect(lintReadme(complete)).toEqual([]);
    const withoutReferences = complete.replace('## References', '## Links');
    expect(lintReadme(withoutReferences)).toEqual(['README has no "## References" section']);
    expect(lintReadme('## Quick reference\n\n## Goal\n')).toContain(
      "README's sections are out of order: Quick reference, Goal (expected Goal, Quick reference)",
    );
  });

  test('wants "Your tasks" within the first words of the README', () => {
    expect(tasksStart(complete)).toEqual({ line: 13, words: 10 });
    const wordy = complete.replace(
      '## Why it matters\n\ntext',
      `## Why it matters\n\n${'word '.repeat(WORDS_BEFORE_TASKS)}`,
    );
    expect(lintReadme(wordy)).toEqual([
      `"## Your tasks" starts at line 13, after ${WORDS_BEFORE_TASKS + 9} words (at most ${WORDS_BEFORE_TASKS}): keep the goal and the why short, and move the concepts into the tasks that use them`,
    ]);
    // Code blocks are looked at, not read word by word.
    const code = complete.replace(
      '## Before you start\n\ntext',
      `## Before you start\n\n\`\`\`sh\n${'npm '.repeat(500)}\n\`\`\``,
    );
    expect(lintReadme(code)).toEqual([]);
  });

  test('wants a roadmap of one line per task, each naming its file, and a section per task under its title', () => {
    expect(lintReadme(complete.replace(': `chat.gateway.ts`.\n2.', '.\n2.'))).toEqual([
      'roadmap item 1 names no file to write in (`name.ts`)',
    ]);
    expect(lintReadme(complete.replace('`chat.gateway.ts`.\n2.', '`chat.gateway.ts`,\n   and more.\n2.'))).toEqual([
      'roadmap item 1 runs over more than one line',
    ]);
    expect(lintReadme(complete.replace('### Task 2 · Rooms', '### Task 2 · Joining'))).toEqual([
      'the section of task 2 is "### Task 2 · Joining", not "### Task 2 · Rooms" (the roadmap\'s title)',
    ]);
    expect(lintReadme(complete.replace('### Task 2 · Rooms\n', ''))).toEqual([
      'task 2 has no section of its own under "## Your tasks" (### Task 2 · Rooms)',
    ]);
    expect(lintReadme(complete.replace(/^\d\. .*$/gm, ''))).toEqual([
      '"## Your tasks" opens with no roadmap: a numbered list, one line per task ("1. **Title.** what, in `file.ts`")',
    ]);
  });

  test("reads the tasks from the roadmap alone, not from the tasks' own sections", () => {
    expect(parseTasks(`${complete}\n`.replace('What it needs', '1. a step\n2. another'))).toEqual([
      { number: 1, title: 'Ping' },
      { number: 2, title: 'Rooms' },
    ]);
  });

  test('wants a manifest the tools can use', () => {
    const manifest = findLesson('2').manifest;
    expect(lintManifest('02-x', manifest)).toEqual([]);
    expect(lintManifest('02-x', { ...manifest, tryIt: 'curl http://localhost:3000' })).toEqual([
      'lessons/02-x/lesson.json: "tryIt" must be the one-line client npm run lesson prints, with {url} for the app\'s URL',
    ]);
    expect(lintManifest('02-x', { ...manifest, playground: { panels: ['sockets', 'sse'] } })).toEqual([
      'lessons/02-x/lesson.json: the sse panel needs "routes.stream"',
    ]);
    expect(lintManifest('02-x', { ...manifest, bench: { module: 'lesson-9.js', clients: 10 } })).toEqual([
      'lessons/02-x/lesson.json: bench.module "lesson-9.js" is not in scripts/lib/load/',
    ]);
    expect(lintManifest('02-x', { ...manifest, buildsOn: { '3': [1, 2] } })).toEqual([]);
    // A task builds on earlier tasks only: a later one, or itself, would make every lead a loop.
    expect(lintManifest('02-x', { ...manifest, buildsOn: { '3': [3] } })).toEqual([
      'lessons/02-x/lesson.json: "buildsOn" maps a task number to the earlier task numbers it builds on ("3")',
    ]);
  });

  test("flags a hint whose ACL lacks a rule of the README's, and accepts the same rules with another password", () => {
    const readme =
      '```text\nACL SETUSER chat on >secret resetkeys ~app:* -@all +ping +publish\nACL SETUSER default off\n```\n';
    const same = [
      { title: 'acl', hints: ['a', 'b', 'ACL SETUSER chat on >password resetkeys ~app:* -@all +ping +publish'] },
    ];
    const lacking = [
      { title: 'acl', hints: ['a', 'b', 'ACL SETUSER chat on >password resetkeys ~app:* -@all +publish'] },
    ];
    expect(lintAclHints('04-x', readme, same)).toEqual([]);
    expect(lintAclHints('04-x', readme, lacking)).toEqual([
      'checks/04-x.check.ts: the hint of "acl" prints an ACL that differs from the README\'s; it lacks +ping',
    ]);
  });
});
