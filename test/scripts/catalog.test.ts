import { describe, expect, test } from '@jest/globals';
import { findLesson, listLessons } from '../../scripts/lib/course/catalog.js';
import { UsageError } from '../../scripts/lib/cli/usage-error.js';

describe('the lesson catalog', () => {
  test('lists the four lessons in order, titled from their READMEs', () => {
    const lessons = listLessons();
    expect(lessons.map((lesson) => lesson.slug)).toEqual([
      '01-gateway-basics',
      '02-handshake-auth',
      '03-sse-push',
      '04-redis-scaling',
    ]);
    expect(lessons[0].title).toBe('WebSocket gateways with the Socket.IO adapter');
  });

  test.each(['1', '01', '01-gateway-basics', ' 1 '])('finds lesson 1 from %p', (arg) => {
    expect(findLesson(arg).slug).toBe('01-gateway-basics');
  });

  test.each([
    ['9', 'no lesson 9: lessons are 1 gateway-basics, 2 handshake-auth, 3 sse-push, 4 redis-scaling'],
    ['gateway', 'no lesson gateway: lessons are 1 gateway-basics, 2 handshake-auth, 3 sse-push, 4 redis-scaling'],
    ['1.5', 'no lesson 1.5: lessons are 1 gateway-basics, 2 handshake-auth, 3 sse-push, 4 redis-scaling'],
    ['', 'no lesson given: lessons are 1 gateway-basics, 2 handshake-auth, 3 sse-push, 4 redis-scaling'],
  ])('refuses %p with one line that lists the lessons', (arg, message) => {
    expect(() => findLesson(arg)).toThrow(new UsageError(message));
  });
});
