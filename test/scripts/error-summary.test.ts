import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summarizeError, usualBootCauses } from '../../scripts/lib/app/error-summary.js';

describe('boot errors for a learner', () => {
  test('a name its module does not export is found where the app imports it, with what usually causes it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'course-missing-export-'));
    try {
      const src = path.join(root, 'lessons', '01-gateway-basics', 'src');
      mkdirSync(path.join(src, 'chat'), { recursive: true });
      writeFileSync(path.join(src, 'app.ts'), "import { Module, type ValidationPipeOptions } from '@nestjs/common';\n");
      writeFileSync(
        path.join(src, 'chat', 'ws-validation.pipe.ts'),
        "import {\n  Injectable,\n  ValidationPipe,\n  ValidationPipeOptions,\n} from '@nestjs/common';\n",
      );
      const error =
        "SyntaxError: The requested module '@nestjs/common' does not provide an export named 'ValidationPipeOptions'\n" +
        '    at ModuleJob._instantiate (node:internal/modules/esm/module_job:1:1)';
      const summary = summarizeError(error, root, src).split('\n');
      expect(summary[0]).toBe(
        "SyntaxError: The requested module '@nestjs/common' does not provide an export named 'ValidationPipeOptions'",
      );
      expect(summary[1]).toBe('  at lessons/01-gateway-basics/src/chat/ws-validation.pipe.ts:4:3');
      expect(summary).toContain('  > 4 |   ValidationPipeOptions,');
      expect(usualBootCauses(error).join('\n')).toContain('import type { ValidationPipeOptions }');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a syntax error names the file and line, with the code around it, without the backtrace', () => {
    const swc = [
      '[Error:   x Expression expected',
      '    ,-[/work/course/lessons/01-gateway-basics/src/chat/chat.gateway.ts:41:1]',
      ' 41 |     return 0 +;',
      '    `----',
      '',
      'Caused by:',
      '    Syntax Error',
      '',
      'Stack backtrace:',
      '   0: <unknown>',
    ].join('\n');
    const summary = summarizeError(swc, '/work/course');
    expect(summary.split('\n')).toEqual([
      'SyntaxError: Expression expected',
      '  at lessons/01-gateway-basics/src/chat/chat.gateway.ts:41:1',
    ]);
  });

  test('a thrown error points at the first frame in the lesson, not in node_modules', () => {
    const stack = [
      "TypeError: Cannot read properties of undefined (reading 'size')",
      '    at ChatGateway.countMembers (file:///work/course/solutions/02-handshake-auth/src/chat/chat.gateway.ts:88:12)',
      '    at /work/course/node_modules/@nestjs/core/injector.js:10:1',
    ].join('\n');
    expect(summarizeError(stack, '/work/course').split('\n')).toEqual([
      "TypeError: Cannot read properties of undefined (reading 'size')",
      '  at solutions/02-handshake-auth/src/chat/chat.gateway.ts:88:12',
    ]);
  });

  test('an error with no place in the lesson keeps its message', () => {
    expect(
      summarizeError(
        'Error: listen EADDRINUSE: address already in use :::3000\n    at Server.setupListenHandle (node:net:1)',
      ),
    ).toBe('Error: listen EADDRINUSE: address already in use :::3000');
  });
});
