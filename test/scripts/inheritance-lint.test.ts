import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  addedLines,
  INHERITANCE,
  INHERITED_LINES_FILE,
  lintInheritance,
  missingLines,
  SHARED_FILES,
} from '../../scripts/lib/authoring/inheritance-lint.js';

const earlier = [
  "import { Module } from '@nestjs/common';",
  "import { ChatGateway } from './chat.gateway.js';",
  '',
  '@Module({',
  '  providers: [ChatGateway],',
  '})',
  'export class ChatModule {',
  '  constructor(private readonly chat: ChatGateway) {}',
  '',
  '  count(): number {',
  '    return this.chat.server.sockets.size;',
  '  }',
  '}',
  '',
].join('\n');

const texts = (later: string) => missingLines(earlier, later).map((line) => line.text.trim());

describe('the inheritance lint (an earlier solution stands in the later starter)', () => {
  test('accepts the earlier solution with lines added, lists extended and imports merged', () => {
    const later = earlier
      .replace(
        "import { Module } from '@nestjs/common';",
        "import { Inject, Module } from '@nestjs/common';\nimport { RedisModule } from './redis.module.js';",
      )
      .replace('  providers: [ChatGateway],', '  imports: [RedisModule],\n  providers: [ChatGateway, PresenceService],')
      .replace(
        '  constructor(private readonly chat: ChatGateway) {}',
        '  constructor(\n    private readonly chat: ChatGateway,\n    private readonly presence: PresenceService,\n  ) {}',
      );
    expect(texts(later)).toEqual([]);
  });

  test('names a line the later starter leaves out, and a name it no longer imports', () => {
    const later = earlier
      .replace("import { ChatGateway } from './chat.gateway.js';\n", '')
      .replace('    return this.chat.server.sockets.size;\n', '    return 0;\n');
    expect(texts(later)).toEqual([
      "import ChatGateway from './chat.gateway.js'",
      'return this.chat.server.sockets.size;',
    ]);
  });

  test('accepts a line that a TODO region of the later lesson takes the place of', () => {
    const later = earlier.replace(
      '    return this.chat.server.sockets.size;\n',
      '    // TODO 4: count the whole cluster (Your tasks, 4)\n    return 0;\n',
    );
    expect(texts(later)).toEqual([]);
  });

  test('names a shared provided file that is no longer the same word for word, in the starter or the solution', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'shared-files-'));
    try {
      const { file, from, to } = SHARED_FILES[0];
      const write = (tree: string, slug: string, text: string) => {
        mkdirSync(path.join(root, tree, slug, 'src'), { recursive: true });
        writeFileSync(path.join(root, tree, slug, 'src', file), text);
      };
      write('solutions', from, 'export const rule = 1;\n');
      write('lessons', to, 'export const rule = 1;\n');
      write('solutions', to, 'export const rule = 1;\n');
      expect(lintInheritance(root, to)).toEqual([]);
      write('solutions', to, 'export const rule = 0;\n');
      expect(lintInheritance(root, to)).toEqual([
        `${path.join('solutions', to, 'src', file)} differs from ${path.join('solutions', from, 'src', file)}: the lessons share it word for word; copy it over`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('names the provided lines a later starter adds, but not what a TODO region of the later lesson holds', () => {
    const provided = earlier.replace('  count(): number {', '  /** Sockets of this instance. */\n  count(): number {');
    expect(addedLines(earlier, provided)).toEqual([{ text: '  /** Sockets of this instance. */', at: 10 }]);
    const learners = earlier.replace(
      '    return this.chat.server.sockets.size;\n',
      '    // TODO 4: count the whole cluster (Your tasks, 4)\n    return 0;\n',
    );
    expect(addedLines(earlier, learners)).toEqual([]);
  });

  test('asks for the reason of every file the later starter grows, and for the removal of a reason no longer needed', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'grown-files-'));
    try {
      const { from, to } = INHERITANCE[0];
      const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      };
      const reasons = (grown: { file: string; reason: string }[]) =>
        write(INHERITED_LINES_FILE, JSON.stringify({ [`${from} → ${to}`]: { leftOut: [], grown } }));
      write(`solutions/${from}/src/chat.module.ts`, earlier);
      write(`lessons/${to}/src/chat.module.ts`, earlier.replace('}\n', '}\nexport const LIMIT = 3;\n'));
      expect(lintInheritance(root, to)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^lessons/${to}/src/chat.module.ts:\\d+ adds 1 line\\(s\\) to solutions/${from}/src/chat.module.ts`,
          ),
        ),
      ]);
      reasons([{ file: 'chat.module.ts', reason: 'new to this lesson' }]);
      expect(lintInheritance(root, to)).toEqual([]);
      write(`lessons/${to}/src/chat.module.ts`, earlier);
      expect(lintInheritance(root, to)).toEqual([expect.stringContaining('which it no longer does: remove the entry')]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
