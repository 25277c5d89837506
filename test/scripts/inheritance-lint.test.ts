import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintInheritance, missingLines, SHARED_FILES } from '../../scripts/lib/authoring/inheritance-lint.js';

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
});
