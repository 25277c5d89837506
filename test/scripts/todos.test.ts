import { expect, test } from '@jest/globals';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import { findTodos } from '../../scripts/lib/course/todos.js';

test("lists lesson 1's TODOs as file:line, continuation lines joined", () => {
  const todos = findTodos(path.join(REPO_ROOT, 'lessons/01-gateway-basics/src'), REPO_ROOT);
  expect(new Set(todos.map((todo) => todo.task))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
  const ping = todos.find((todo) => todo.task === 1);
  expect(ping?.file).toBe('lessons/01-gateway-basics/src/chat/chat.gateway.ts');
  expect(ping?.text).toBe("the class below becomes the gateway of this lesson's namespace (Your tasks, 1)");
  const send = todos.find((todo) => todo.task === 4);
  expect(send?.text).toBe(
    "a member's post reaches everyone in the same place, the sender too; a sender from outside is refused; the sender chooses only the place and the words (Your tasks, 4)",
  );
});

test('finds no TODO in a solution', () => {
  expect(findTodos(path.join(REPO_ROOT, 'solutions/01-gateway-basics/src'), REPO_ROOT)).toEqual([]);
});
