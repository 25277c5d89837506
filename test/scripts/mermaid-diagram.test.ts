import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintDiagrams } from '../../scripts/lib/authoring/lesson-lint.js';
import { renderMarkdown } from '../../scripts/lib/cli/markdown-terminal.js';
import { listLessons } from '../../scripts/lib/course/catalog.js';
import { diagramProblems, diagramSvg, diagramText, outline } from '../../scripts/lib/diagrams/mermaid-diagram.js';
import { diagramHtml } from '../../scripts/web/lesson-html.js';

const SEQUENCE = [
  'sequenceDiagram',
  '  accTitle: A ticket, then the stream',
  '  accDescr: The client buys a ticket, then opens the stream with it.',
  '  participant C as client',
  '  participant S as server',
  '  C->>S: POST /ticket',
  '  S-->>C: { ticket }',
  '  alt the ticket is fresh',
  '    S-->>C: text/event-stream',
  '  else used or expired',
  '    S-->>C: 401, the ticket was used or has expired',
  '  end',
  '',
].join('\n');

const FLOWCHART = [
  'flowchart TD',
  '  accTitle: Closing',
  '  accDescr: The hooks in order.',
  '  A["app.close()"] --> B["onModuleDestroy"]',
  '  B --> C["onApplicationShutdown"]',
  '',
].join('\n');

/** A README with `diagram` as its only ```mermaid block, on the README's line 5. */
function readmeWith(diagram: string): string {
  return ['# Lesson 9', '', 'Some words.', '', '```mermaid', diagram.trimEnd(), '```', ''].join('\n');
}

describe('Mermaid diagrams, read and checked', () => {
  test('a long chain of boxes reads as an outline in the terminal, a short one as box art', () => {
    const chain = (steps: number) =>
      [
        'flowchart TD',
        '  accTitle: Steps',
        '  accDescr: One step after another.',
        ...Array.from({ length: steps - 1 }, (_, i) => `  S${i}["step ${i}"] --> S${i + 1}["step ${i + 1}"]`),
      ].join('\n');
    const long = diagramText(chain(10), { width: 100 });
    expect(long.form).toBe('outline');
    expect(long.lines).toEqual(['Steps:', '  step 0', ...Array.from({ length: 9 }, (_, i) => `    → step ${i + 1}`)]);
    expect(diagramText(chain(3), { width: 100 }).form).toBe('box');
  });

  test('a diagram the renderer draws whole has no problem', () => {
    expect(diagramProblems(SEQUENCE)).toEqual([]);
    expect(diagramProblems(FLOWCHART)).toEqual([]);
  });

  test.each([
    ['a message without its target', 'sequenceDiagram\n  A->>: hello', 2, /cannot read "A->>: hello"/],
    ['a block without its end', 'sequenceDiagram\n  A->>B: x\n  alt y\n  B->>A: z', 3, /"alt" has no "end"/],
    ['an else outside any alt', 'sequenceDiagram\n  A->>B: x\n  else y', 3, /"else" outside alt/],
    [
      'a note the renderer leaves out',
      'sequenceDiagram\n  participant A\n  participant B\n  Note over A,B: first\n  A->>B: x',
      4,
      /drew 0 of its 1 notes/,
    ],
    ['a shape never closed', 'flowchart TD\n  A[unclosed --> B', 2, /not closed with \]/],
    ['an arrow to nothing', 'flowchart TD\n  A --> B\n  B -->', 3, /expected a node/],
    ['a kind the lessons do not draw', 'gantt\n  title x', 1, /"gantt" is not a diagram the lessons draw/],
  ])('%s is a problem on its line', (_, source, line, message) => {
    const [problem] = diagramProblems(source);
    expect(problem?.line).toBe(line);
    expect(problem?.message).toMatch(message);
  });

  test('the lint names the README and the line of a broken statement, and a diagram without a name', () => {
    const broken = SEQUENCE.replace('  C->>S: POST /ticket', '  C->>: POST /ticket');
    expect(lintDiagrams('lessons/09-x/README.md', readmeWith(broken))).toEqual([
      'lessons/09-x/README.md:11: the diagram does not parse: cannot read "C->>: POST /ticket": not a participant, a message, a note or a block',
    ]);
    const nameless = FLOWCHART.replace(/ {2}acc.*\n/g, '');
    expect(lintDiagrams('lessons/09-x/README.md', readmeWith(nameless))).toEqual([
      'lessons/09-x/README.md:5: the diagram needs an accTitle and an accDescr line (its accessible name and description)',
    ]);
    expect(lintDiagrams('lessons/09-x/README.md', readmeWith(SEQUENCE))).toEqual([]);
  });

  test("every lesson's diagrams pass the lint", () => {
    for (const lesson of listLessons())
      expect(lintDiagrams(lesson.slug, readFileSync(path.join(lesson.starterDir, 'README.md'), 'utf8'))).toEqual([]);
  });
});

describe('Mermaid diagrams on the page', () => {
  test('an SVG the Content-Security-Policy allows, named, with ids of its own', () => {
    const svg = diagramSvg(SEQUENCE.replace('{ ticket }', '<img src=x onerror=alert(1)>'), 'diagram-3');
    expect(svg).toMatch(/^<svg[^>]* role="img" aria-labelledby="diagram-3-title" aria-describedby="diagram-3-desc">/);
    expect(svg).toContain('<title id="diagram-3-title">A ticket, then the stream</title>');
    expect(svg).toContain('<desc id="diagram-3-desc">The client buys a ticket, then opens the stream with it.</desc>');
    expect(svg).not.toMatch(/<style|\sstyle=|<script|\son[a-z]+="|fonts\.googleapis/);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    for (const [, id] of svg.matchAll(/\sid="([^"]+)"/g)) expect(id.startsWith('diagram-3-')).toBe(true);
    for (const [, id] of svg.matchAll(/url\(#([^)]+)\)/g)) expect(id.startsWith('diagram-3-')).toBe(true);
  });

  test('a diagram that cannot be drawn shows its source, and says so', () => {
    const html = diagramHtml('gantt\n  accTitle: A plan\n  title x\n', 'diagram-1');
    expect(html).toContain('A plan: this diagram could not be drawn');
    expect(html).toContain('<pre class="code"');
    expect(html).toContain('gantt');
  });
});

describe('Mermaid diagrams in the terminal', () => {
  test('box art under its title where it fits, never the source', () => {
    const text = renderMarkdown(readmeWith(SEQUENCE), { color: false, width: 80 });
    expect(text).toContain('A ticket, then the stream:');
    expect(text).toMatch(/┌─+┐/);
    expect(text).toContain('POST /ticket');
    expect(text).toContain('alt [the ticket is fresh]');
    expect(text).not.toMatch(/sequenceDiagram|accTitle|->>/);
  });

  test('an indented outline where the box art is wider than the terminal', () => {
    const text = renderMarkdown(readmeWith(SEQUENCE), { color: false, width: 40 });
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  A ticket, then the stream:',
        '    between: client, server',
        // What its arrows mean, which the box art shows by their lines' style.
        '    (→ a request or a step, ⇢ what',
        '      comes back)',
        '    client → server: POST /ticket',
        '    alt the ticket is fresh:',
        '      server ⇢ client: 401, the ticket',
        '        was used or has expired',
        '    else used or expired:',
      ]),
    );
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(40);
    expect(outline(FLOWCHART)).toEqual([
      'Closing:',
      '  app.close()',
      '    → onModuleDestroy',
      '    → onApplicationShutdown',
    ]);
  });

  test('the source, with one line saying so, when the diagram cannot be drawn', () => {
    const text = renderMarkdown(readmeWith('gantt\n  title x'), { color: false, width: 80 });
    expect(text).toContain('(This diagram could not be drawn: ');
    expect(text).toContain('  gantt\n    title x');
  });

  test.each([80, 60])("every lesson's README at %i columns: its diagrams drawn, none as source", (width) => {
    for (const lesson of listLessons()) {
      const readme = readFileSync(path.join(lesson.starterDir, 'README.md'), 'utf8');
      const text = renderMarkdown(readme, { color: false, width });
      expect(text).not.toMatch(/^\s*(sequenceDiagram|flowchart (TD|LR)|accTitle:)/m);
      expect(text).not.toContain('could not be drawn');
      // The title above each (an outline's may wrap at 60 columns).
      for (const [, title] of readme.matchAll(/^\s*accTitle:\s*(.+)$/gm)) expect(text).toContain(title.slice(0, 30));
      // Box art and outlines alike stay within the terminal.
      for (const [, block] of readme.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        const drawn = renderMarkdown(readmeWith(block), { color: false, width }).split('\n');
        expect(Math.max(...drawn.map((line) => line.length))).toBeLessThanOrEqual(width);
      }
    }
  });
});
