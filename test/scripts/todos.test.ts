import { expect, test } from '@jest/globals';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/catalog.js';
import { findTodos } from '../../scripts/lib/todos.js';

test("lists lesson 1's TODOs as file:line with their continuation lines joined", () => {
  const todos = findTodos(path.join(REPO_ROOT, 'lessons/01-gateway-basics/src'), REPO_ROOT);
  expect(new Set(todos.map((todo) => todo.task))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  const ping = todos.find((todo) => todo.task === 1);
  expect(ping?.file).toBe('lessons/01-gateway-basics/src/chat/chat.gateway.ts');
  expect(ping?.text).toBe("acknowledge with 'pong': a handler's return value becomes the client's ack.");
  const send = todos.find((todo) => todo.task === 3);
  expect(send?.text).toMatch(/^refuse senders outside the room .* and acknowledge with \{ id \}\.$/);
});

test('finds no TODO in a solution', () => {
  expect(findTodos(path.join(REPO_ROOT, 'solutions/01-gateway-basics/src'), REPO_ROOT)).toEqual([]);
});
