import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { lessonOutline } from '../../scripts/lib/course/lesson-outline.js';
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
