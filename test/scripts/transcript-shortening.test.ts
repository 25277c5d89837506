import { expect, test } from '@jest/globals';
import { shortenTranscript, type TimedLine } from '../../checks/support/transcript-shortening.js';

const at = (text: string): TimedLine => ({ at: 5, text });
const packageFrames = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    at(`app: at f${index} (/course/node_modules/router/index.js:${index}:5)`),
  );

/** What Nest logs when a guard throws a plain Error: its message, the learner's frame, then the framework's. */
const guardCrash = [
  at('app: ERROR [ExceptionsHandler] Error: the guard is not finished'),
  at(
    'app: at BearerAuthGuard.canActivate (/course/.course/tree/03-sse-push/src/notifications/bearer-auth.guard.ts:41:11)',
  ),
  ...packageFrames(30),
  at('app: at IncomingMessage.emit (node:events:524:28)'),
  at('app: at Server.call (/course/checks/support/app-under-test.ts:119:42)'),
];
const traffic = (count: number) => Array.from({ length: count }, (_, index) => at(`→ GET /step/${index}`));

test('a transcript that fits is shown whole', () => {
  const lines = [...traffic(3), ...guardCrash.slice(0, 10)];
  expect(shortenTranscript(lines, 40)).toEqual(lines);
});

test("a crash keeps its message and the learner's frame; the framework's frames fill the room left, then one line", () => {
  const lines = [...traffic(20), ...guardCrash, at('← 500 { statusCode: 500 }'), at('app closed (1 ms)')];
  const shown = shortenTranscript(lines, 40).map((line) => line.text);
  expect(shown).toHaveLength(40);
  expect(shown.slice(0, 3)).toEqual(['→ GET /step/0', '→ GET /step/1', '→ GET /step/2']);
  expect(shown).toContain('app: ERROR [ExceptionsHandler] Error: the guard is not finished');
  expect(shown.filter((line) => line.includes('bearer-auth.guard.ts:41:11'))).toHaveLength(1);
  expect(shown.slice(-3)).toEqual([
    "app: … 17 more frames in node_modules, Node's own code and the course's checks",
    '← 500 { statusCode: 500 }',
    'app closed (1 ms)',
  ]);
});

test("with no room to spare, the oldest traffic goes, and the message and the learner's frame stay", () => {
  const lines = [...traffic(60), ...guardCrash, at('← 500 { statusCode: 500 }')];
  const shown = shortenTranscript(lines, 40).map((line) => line.text);
  expect(shown[0]).toBe('(24 earlier lines not shown)');
  expect(shown.slice(-5)).toEqual([
    '→ GET /step/59',
    'app: ERROR [ExceptionsHandler] Error: the guard is not finished',
    'app: at BearerAuthGuard.canActivate (/course/.course/tree/03-sse-push/src/notifications/bearer-auth.guard.ts:41:11)',
    "app: … 32 frames in node_modules, Node's own code and the course's checks",
    '← 500 { statusCode: 500 }',
  ]);
});

test('a long transcript without a stack keeps its latest lines, as before', () => {
  const shown = shortenTranscript(traffic(50), 40).map((line) => line.text);
  expect(shown[0]).toBe('(10 earlier lines not shown)');
  expect(shown.slice(1)).toEqual(
    traffic(50)
      .slice(10)
      .map((line) => line.text),
  );
});
