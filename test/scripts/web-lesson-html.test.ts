import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findLesson } from '../../scripts/lib/course/catalog.js';
import { renderLessonHtml, slugify } from '../../scripts/web/lesson-html.js';
import { lessonDiff, unifiedDiff } from '../../scripts/web/lesson-diff.js';

test('a README becomes HTML with heading anchors, highlighted code and safe links', () => {
  const html = renderLessonHtml(
    [
      '# Lesson 1: Hi',
      '## Your tasks',
      '## Your tasks',
      '```ts',
      'const a: number = 1;',
      '```',
      '[docs](https://docs.nestjs.com)',
      '<!-- try-it: x -->',
    ].join('\n'),
  );
  expect(html).toContain('<h1 id="lesson-1-hi"><a class="anchor" href="#lesson-1-hi"');
  expect(html).toContain('<h2 id="your-tasks">');
  expect(html).toContain('<h2 id="your-tasks-1">');
  expect(html).toContain('<code class="hljs language-typescript"><span class="hljs-keyword">const</span>');
  expect(html).toContain('<a href="https://docs.nestjs.com" target="_blank" rel="noopener noreferrer">docs</a>');
  expect(slugify('`socket.io` & *rooms*')).toBe('socket-io-rooms');
});

test("every lesson's README renders", () => {
  for (const number of ['1', '2', '3', '4']) {
    const lesson = findLesson(number);
    const html = renderLessonHtml(readFileSync(path.join(lesson.starterDir, 'README.md'), 'utf8'));
    expect(html).toContain(`<h1 id="lesson-${number}-`);
    expect(html).toContain('<h2 id="your-tasks">');
  }
});

test('diffs are diff2html HTML of the source trees', () => {
  const patch = unifiedDiff(
    {
      label: 'a',
      files: new Map([
        ['x.ts', 'one\n'],
        ['same.ts', 's\n'],
      ]),
    },
    {
      label: 'b',
      files: new Map([
        ['x.ts', 'two\n'],
        ['same.ts', 's\n'],
        ['new.ts', 'n\n'],
      ]),
    },
  );
  expect(patch.changedFiles).toBe(2);
  expect(patch.text).toContain('diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1,1 +1,1 @@\n-one\n+two');
  const { html, changedFiles } = lessonDiff(findLesson('1'), 'starter');
  expect(changedFiles).toBeGreaterThan(0);
  expect(html).toContain('d2h-file-wrapper');
  expect(html).toContain('chat.gateway.ts');
});
