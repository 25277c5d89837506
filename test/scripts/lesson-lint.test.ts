import { describe, expect, test } from '@jest/globals';
import { lintDifferences, lintManifest, lintReadme, README_SECTIONS } from '../../scripts/lib/authoring/lesson-lint.js';
import { findLesson } from '../../scripts/lib/course/catalog.js';

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

  test('wants every README section, in order', () => {
    const complete = `${README_SECTIONS.map((section) => `## ${section}\n\ntext\n`).join('\n')}`;
    expect(lintReadme(complete)).toEqual([]);
    const withoutReferences = complete.replace('## References', '## Links');
    expect(lintReadme(withoutReferences)).toEqual(['README has no "## References" section']);
    expect(lintReadme('## Concepts\n\n## Goal\n')).toContain(
      "README's sections are out of order: Concepts, Goal (expected Goal, Concepts)",
    );
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
  });
});
