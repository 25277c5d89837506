import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { REPO_ROOT } from '../course/catalog.js';

// A lesson's own source: <tree>/NN-slug/src/….ts, whether the tree is lessons/, solutions/ or a copy.
const LESSON_PLACE =
  /(?:file:\/\/)?((?:\/?[^\s():[\]]+\/)?\d\d-[a-z0-9-]+\/src\/[^\s():[\]]+\.ts)(?::(\d+))?(?::(\d+))?/;

/**
 * Turns a compiler's or Node's error output into what a learner needs: the
 * message, the place in the lesson's code as file:line:column, and that line
 * in context. Stacks through Node, Nest, swc and Jest are left out.
 * @param {string} text an error's message and stack, or a process's stderr
 * @param {string} [root] the repository root
 * @returns {string}
 */
export function summarizeError(text, root = REPO_ROOT) {
  const clean = stripVTControlCharacters(text)
    .replace(/^\[Nest\]\s+\d+\s+-\s+.*?\s{2,}ERROR \[\w+\]\s*(?:\w+ \[Error\]: )?/gm, '')
    .split(/\n\s*Stack backtrace:/)[0];
  const syntax = /Caused by:\s*\n\s*Syntax Error/.test(clean);
  const message = findMessage(clean, syntax);
  const place = findPlace(clean, root);
  const lines = [message];
  if (place) {
    lines.push(`  at ${place.file}${place.line ? `:${place.line}` : ''}${place.column ? `:${place.column}` : ''}`);
    lines.push(...codeFrame(path.join(root, place.file), place.line, place.column));
  }
  return lines.join('\n');
}

/** @param {string} text @param {boolean} syntax */
function findMessage(text, syntax) {
  const swc = /^\s*(?:\[?\w*Error:)?\s*x\s+(.+)$/m.exec(text);
  if (swc) return `${syntax ? 'SyntaxError' : 'Error'}: ${swc[1].trim()}`;
  const thrown = /^\s*\[?((?:\w+)?Error(?: \[\w+\])?:\s*.+?)\]?$/m.exec(text);
  if (thrown) return thrown[1].trim();
  const first = text.split('\n').find((line) => line.trim() && !/^\s*at /.test(line) && !/^file:\/\//.test(line));
  return (first ?? 'The app failed without a message').trim();
}

/** @param {string} text @param {string} root */
function findPlace(text, root) {
  for (const line of text.split('\n')) {
    if (/node_modules/.test(line)) continue;
    const match = LESSON_PLACE.exec(line);
    if (!match) continue;
    const absolute = match[1].startsWith('/') ? match[1] : path.join(root, match[1]);
    return {
      file: path.relative(root, absolute),
      line: match[2] ? Number(match[2]) : undefined,
      column: match[3] ? Number(match[3]) : undefined,
    };
  }
  return undefined;
}

/**
 * Two lines of context before the line, a caret under the column.
 * @param {string} file @param {number | undefined} line @param {number | undefined} column
 * @returns {string[]}
 */
function codeFrame(file, line, column) {
  if (!line) return [];
  let source;
  try {
    source = readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
  const first = Math.max(1, line - 2);
  const last = Math.min(source.length, line + 1);
  const width = String(last).length;
  const frame = [];
  for (let number = first; number <= last; number += 1) {
    const marker = number === line ? '>' : ' ';
    frame.push(`  ${marker} ${String(number).padStart(width)} | ${source[number - 1]}`);
    if (number === line && column && column > 1) frame.push(`    ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return frame;
}

/**
 * What usually causes an app to fail while Nest builds it, by the words of its error.
 * @param {string} text the error's message and stack, or what Nest logged
 * @returns {string[]} lines to print under the error; none when nothing fits
 */
export function usualBootCauses(text) {
  if (/can't resolve dependencies/.test(text)) {
    return [
      'The usual causes:',
      "- the class is missing from its module's `providers`, or the module that exports it is not in `imports`;",
      '- the parameter is typed with an interface or a type-only import (`import type`): Nest needs a class or an @Inject(token);',
      '- two files import each other, so the class is still undefined when the decorator reads it.',
    ];
  }
  if (/before initialization/.test(text)) {
    return [
      'Two files import each other, so one reads the other before it is defined. For modules that need each',
      'other, write forwardRef(() => OtherModule) on both sides, or move what they share into a third module.',
    ];
  }
  if (/circular dependency|cannot create the \w+ instance/i.test(text)) {
    return [
      'The usual causes:',
      '- two modules import each other: wrap one side in forwardRef(() => OtherModule), or move what they share into a third module;',
      "- a module's `imports` holds something undefined: a typo, or a circular import between files.",
    ];
  }
  if (/ExceptionHandler/.test(text)) {
    return [
      'Your code threw while Nest created the app: a constructor, a provider factory or a decorator argument (see the line above).',
    ];
  }
  return [];
}
