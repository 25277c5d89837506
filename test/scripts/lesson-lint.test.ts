import { describe, expect, test } from '@jest/globals';
import { lintDifferences, lintReadme, README_SECTIONS } from '../../scripts/lib/authoring/lesson-lint.js';

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
    const solution = starter.replace("  // TODO 1: answer 'pong'.\n  throw new Error('Not implemented yet');", "  return 'pong';");
    expect(lintDifferences('01/src/ping.ts', starter, solution)).toEqual([]);
  });

  test('flags a difference outside any TODO region', () => {
    const solution = starter
      .replace("import { X } from 'x';", "import { X, Y } from 'x';")
      .replace("  // TODO 1: answer 'pong'.\n  throw new Error('Not implemented yet');", "  return 'pong';");
    expect(lintDifferences('01/src/ping.ts', starter, solution)).toEqual([
      expect.stringMatching(/^lessons\/01\/src\/ping\.ts:1 differs from the solution outside a TODO region/),
    ]);
  });

  test('wants every README section, in order', () => {
    const complete = `${README_SECTIONS.map((section) => `## ${section}\n\ntext\n`).join('\n')}\n<!-- try-it: curl {url} -->\n`;
    expect(lintReadme(complete)).toEqual([]);
    const withoutReferences = complete.replace('## References', '## Links');
    expect(lintReadme(withoutReferences)).toEqual(['README has no "## References" section']);
    expect(lintReadme(complete.replace('<!-- try-it: curl {url} -->', ''))).toEqual([
      'README has no "<!-- try-it: <one-line client, {url} for the app URL> -->" line for npm run lesson to print',
    ]);
    expect(lintReadme('## Concepts\n\n## Goal\n')).toContain(
      "README's sections are out of order: Concepts, Goal (expected Goal, Concepts)",
    );
  });
});
