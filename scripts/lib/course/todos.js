import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `// TODO 3: text` — the number is the task in the lesson README's "Your tasks". */
export const TODO_LINE = /\/\/\s*TODO\s+(\d+):\s*(.*)$/;

/**
 * @typedef {{ file: string, line: number, task: number, text: string }} Todo
 */

/**
 * Every TODO of a source tree, in file order, with the text of its
 * continuation comment lines (`//   more`) joined on.
 * @param {string} srcDir
 * @param {string} relativeTo paths in the result are relative to this
 * @returns {Todo[]}
 */
export function findTodos(srcDir, relativeTo) {
  /** @type {Todo[]} */
  const todos = [];
  for (const file of listSourceFiles(srcDir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      const match = TODO_LINE.exec(line);
      if (!match) return;
      const parts = [match[2].trim()];
      for (let next = index + 1; next < lines.length; next += 1) {
        const continuation = /^\s*\/\/\s{2,}(\S.*)$/.exec(lines[next]);
        if (!continuation || TODO_LINE.test(lines[next])) break;
        parts.push(continuation[1].trim());
      }
      todos.push({
        file: path.relative(relativeTo, file),
        line: index + 1,
        task: Number(match[1]),
        text: parts.join(' '),
      });
    });
  }
  return todos;
}

/**
 * TODOs in the order of the tasks, and by file and line within a task, as the lesson is done.
 * @template {Todo} T
 * @param {T[]} todos
 * @returns {T[]}
 */
export function inTaskOrder(todos) {
  return [...todos].sort((a, b) => a.task - b.task || a.file.localeCompare(b.file) || a.line - b.line);
}

/** Every .ts file under `dir`, sorted. @param {string} dir @returns {string[]} */
export function listSourceFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Each file without its TODO comments (the `// TODO n:` line and its continuation lines), and how many
 * there were: a learner's work compared as code.
 * @param {Map<string, string>} files
 * @returns {{ files: Map<string, string>, todos: number }}
 */
export function withoutTodoComments(files) {
  const stripped = new Map();
  let todos = 0;
  for (const [file, text] of files) {
    const kept = [];
    let inTodo = false;
    for (const line of text.split('\n')) {
      if (TODO_LINE.test(line)) {
        inTodo = true;
        todos += 1;
      } else if (!(inTodo && /^\s*\/\/\s{2,}\S/.test(line))) {
        inTodo = false;
      }
      if (!inTodo) kept.push(line);
    }
    stripped.set(file, kept.join('\n'));
  }
  return { files: stripped, todos };
}
