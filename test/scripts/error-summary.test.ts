import { describe, expect, test } from '@jest/globals';
import { summarizeError } from '../../scripts/lib/app/error-summary.js';

describe('boot errors for a learner', () => {
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
