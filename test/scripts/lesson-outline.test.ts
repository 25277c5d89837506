import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { lessonOutline, taskSection } from '../../scripts/lib/course/lesson-outline.js';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import path from 'node:path';

const readme = [
  '# Lesson 9: Things',
  '',
  '**Time:** about 60 minutes.',
  '',
  '## Goal',
  '',
  'Build a thing.',
  '',
  '## Why it matters',
  '',
  'Because.',
  '',
  '## Your tasks',
  '',
  '1. **One.** The first: `one.ts`.',
  '',
  '### Task 1 · One',
  '',
  'How to do it.',
  '',
  '## Quick reference',
].join('\n');

test("the outline keeps the title, time, goal and the list of tasks, and leaves out the tasks' teaching", () => {
  expect(lessonOutline(readme)).toBe(
    [
      '# Lesson 9: Things',
      '',
      '**Time:** about 60 minutes.',
      '',
      '## Goal',
      '',
      'Build a thing.',
      '',
      '## Your tasks',
      '',
      '1. **One.** The first: `one.ts`.',
      '',
    ].join('\n'),
  );
});

test('every lesson has an outline shorter than itself that lists each of its tasks', () => {
  for (const number of ['1', '2', '3', '4']) {
    const lesson = findLesson(number);
    const text = readFileSync(path.join(lesson.starterDir, 'README.md'), 'utf8');
    const outline = lessonOutline(text);
    expect(outline.length).toBeLessThan(text.length / 5);
    expect(outline).toContain('## Goal');
    expect(outline).toMatch(/^1\. \*\*/m);
    expect(outline).not.toContain('### Task 1');
  }
});

test("a task's section runs from its heading to the next heading, past fenced lines that look like headings", () => {
  const text = [
    '## Your tasks',
    '',
    '### Task 1 · One',
    '',
    'How to do it.',
    '',
    '```sh',
    '# not a heading',
    '```',
    '',
    '### Task 2 · Two',
    '',
    'And then.',
    '',
    '## Quick reference',
  ].join('\n');
  expect(taskSection(text, 1)).toBe(
    ['### Task 1 · One', '', 'How to do it.', '', '```sh', '# not a heading', '```', ''].join('\n'),
  );
  expect(taskSection(text, 2)).toBe(['### Task 2 · Two', '', 'And then.', ''].join('\n'));
  expect(taskSection(text, 3)).toBeUndefined();
  expect(taskSection(text, 11)).toBeUndefined();
});

test("every task of every lesson has a section of its own that names no other task's heading", () => {
  for (const number of ['1', '2', '3', '4']) {
    const text = readFileSync(path.join(findLesson(number).starterDir, 'README.md'), 'utf8');
    const count = [...text.matchAll(/^### Task (\d+)/gm)].length;
    for (let task = 1; task <= count; task += 1) {
      const section = taskSection(text, task);
      expect(section).toMatch(new RegExp(`^### Task ${task} · `));
      expect(section?.match(/^#{1,3} /gm)).toHaveLength(1);
    }
  }
});
