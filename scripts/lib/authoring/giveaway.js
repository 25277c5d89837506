import { diffLines } from 'diff';
import { TODO_LINE } from '../course/todos.js';

/** Words of the language, not names a TODO could give away. */
const KEYWORDS = new Set(
  (
    'abstract any async await boolean break case catch class const constructor continue declare default delete do else enum ' +
    'export extends false finally for from function get implements import infer instanceof interface keyof let module namespace ' +
    'never new null number object private protected public readonly return satisfies set static string super switch symbol this ' +
    'throw true try type typeof undefined unknown var void while with yield'
  ).split(' '),
);

/**
 * @typedef {object} Giveaway how much of the solution the TODO comments already spell out
 * @property {number} share      the share (0–1) of the solution's identifiers found in the TODO comments
 * @property {string[]} given    those identifiers
 * @property {string[]} written  every identifier of the solution's added code lines
 */

/**
 * The giveaway figure of a lesson: take the solution's added code lines (the
 * starter → solution diff, comments left out), collect their identifiers —
 * dotted chains such as `this.server.to` as one, and words of four or more
 * characters, keywords excluded — and count how many already stand verbatim
 * in the starter's TODO comments.
 * @param {Map<string, string>} starter @param {Map<string, string>} solution
 * @returns {Giveaway}
 */
export function measureGiveaway(starter, solution) {
  const todoText = [...starter.values()].flatMap(todoCommentLines).join('\n');
  const written = new Set();
  for (const [file, solutionText] of solution) {
    for (const change of diffLines(starter.get(file) ?? '', solutionText)) {
      if (!change.added) continue;
      for (const line of change.value.split('\n')) identifiersOf(line).forEach((name) => written.add(name));
    }
  }
  const given = [...written].filter((name) => new RegExp(`(?<![\\w$.])${escape(name)}(?![\\w$])`).test(todoText));
  return {
    share: written.size === 0 ? 0 : given.length / written.size,
    given: given.sort(),
    written: [...written].sort(),
  };
}

/** The identifiers of one line of code: strings and comments left out. @param {string} line @returns {string[]} */
export function identifiersOf(line) {
  const code = line
    .replace(/\/\/.*$/, '')
    .replace(/^\s*(\/\*|\*).*$/, '')
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, ' ')
    .replace(/\/(?:[^/\\\n]|\\.)+\/[gimsuy]*/g, ' ');
  const names = [];
  const chains = /[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+/g;
  for (const match of code.matchAll(chains)) names.push(match[0].replaceAll('?.', '.'));
  for (const match of code.replace(chains, ' ').matchAll(/[A-Za-z_$][\w$]{3,}/g)) {
    if (!KEYWORDS.has(match[0])) names.push(match[0]);
  }
  return names;
}

/** The TODO comment of a file: each `// TODO n:` line and its continuation lines. @param {string} text */
function todoCommentLines(text) {
  const lines = text.split('\n');
  /** @type {string[]} */
  const kept = [];
  lines.forEach((line, index) => {
    if (!TODO_LINE.test(line)) return;
    kept.push(line);
    for (
      let next = index + 1;
      next < lines.length && /^\s*\/\/\s{2,}\S/.test(lines[next]) && !TODO_LINE.test(lines[next]);
      next += 1
    ) {
      kept.push(lines[next]);
    }
  });
  return kept;
}

/** @param {string} text */
function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
