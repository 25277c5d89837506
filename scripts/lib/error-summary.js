import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './catalog.js';

// A lesson's own source: <tree>/NN-slug/src/….ts, whether the tree is lessons/, solutions/ or a copy.
const LESSON_PLACE = /(?:file:\/\/)?((?:\/?[^\s():[\]]+\/)?\d\d-[a-z0-9-]+\/src\/[^\s():[\]]+\.ts)(?::(\d+))?(?::(\d+))?/;

/**
 * Turns a compiler's or Node's error output into what a learner needs: the
 * message, the place in the lesson's code as file:line:column, and that line
 * in context. Stacks through Node, Nest, swc and Jest are left out.
 * @param {string} text an error's message and stack, or a process's stderr
 * @param {string} [root] the repository root
 * @returns {string}
 */
export function summarizeError(text, root = REPO_ROOT) {
  const clean = text
    .replace(/\u001b\[[0-9;]*m/g, '')
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
