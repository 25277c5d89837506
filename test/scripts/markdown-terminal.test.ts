import { describe, expect, test } from '@jest/globals';
import { renderMarkdown } from '../../scripts/lib/cli/markdown-terminal.js';

const source = [
  '# Lesson 9: A title',
  '',
  '## Goal',
  '',
  'Some **bold** and `code` with a [link](https://example.org).',
  '',
  '1. first',
  '2. second',
  '',
  '```ts',
  'const x = 1;',
  '```',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 22 |',
  '',
  '<!-- a comment -->',
].join('\n');

describe('lesson READMEs in the terminal', () => {
  test('render as plain text without colour', () => {
    expect(renderMarkdown(source, { color: false, width: 80 })).toBe(
      [
        'Lesson 9: A title',
        '═════════════════',
        '',
        'Goal',
        '────',
        '',
        'Some bold and code with a link (https://example.org).',
        '',
        '1. first',
        '2. second',
        '',
        '  ts:',
        '  const x = 1;',
        '',
        '  a  b',
        '  ─  ──',
        '  1  22',
        '',
      ].join('\n'),
    );
  });

  test('style with ANSI codes when colour is on', () => {
    const coloured = renderMarkdown(source, { color: true, width: 80 });
    expect(coloured).toContain('\u001b[1m');
    expect(coloured).toContain('\u001b[36mcode\u001b[39m');
  });

  test("say a link's address after its words, and a bare address once", () => {
    const text = renderMarkdown('Open http://localhost:3000, or [the docs](https://docs.nestjs.com).', {
      color: false,
      width: 100,
    });
    expect(text).toContain('Open http://localhost:3000, or the docs (https://docs.nestjs.com).');
    expect(text).not.toContain('(http://localhost:3000)');
  });

  test('wrap long paragraphs at the width', () => {
    const lines = renderMarkdown(`${'word '.repeat(40)}`, { color: false, width: 40 })
      .trimEnd()
      .split('\n');
    expect(lines.length).toBeGreaterThan(4);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(40);
  });

  test('show a table wider than the terminal as one record per row, within the width', () => {
    const table = ['| option | what it does |', '|---|---|', `| retry | ${'waits and tries again '.repeat(6)}|`].join(
      '\n',
    );
    const lines = renderMarkdown(table, { color: false, width: 60 }).trimEnd().split('\n');
    expect(lines[0].trim()).toBe('• retry');
    expect(lines[1]).toMatch(/^ {6}what it does: waits and tries again/);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(60);
  });
});
