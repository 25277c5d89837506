import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { readTree } from '../course/source-tree.js';
import { importBlockLength, TODO_REACH } from '../course/todo-regions.js';
import { TODO_LINE } from '../course/todos.js';

/** The lessons whose starter is an earlier lesson's finished code: the starter of `to` grows out of the solution of `from`. */
export const INHERITANCE = [
  { from: '01-gateway-basics', to: '02-handshake-auth' },
  { from: '02-handshake-auth', to: '04-redis-scaling' },
];

/**
 * Provided files a lesson that does not grow out of another still shares with it, word for word (its starter and
 * its solution): the same rules, so that one fixed in one lesson cannot stay loose in the other.
 */
export const SHARED_FILES = [
  { file: 'jwt-secret.ts', from: '02-handshake-auth', to: '03-sse-push' },
  { file: 'malformed-body.filter.ts', from: '02-handshake-auth', to: '03-sse-push' },
];

/** Where the lines a starter may leave out of the earlier solution are listed, each with its reason. */
export const INHERITED_LINES_FILE = path.join('docs', 'inherited-lines.json');

/**
 * @typedef {object} Exception a line of the earlier solution the later starter may leave out
 * @property {string} file    the file, relative to src/
 * @property {string} line    the line as the earlier solution has it, trimmed; '*' for the whole file
 * @property {string} reason  why the later lesson cannot keep it
 */

/**
 * Every line of the earlier lesson's solution that does not stand in this lesson's starter, as sentences;
 * empty when the starter is the earlier solution plus what this lesson adds. A line may be left out where a TODO
 * of this lesson takes its place (a TODO among the starter's lines there, or within TODO_REACH lines above), or
 * where INHERITED_LINES_FILE gives the reason. Imports are compared as names: every name the earlier solution
 * imports from a module, the starter imports from that module too.
 * @param {string} root the repository
 * @param {string} slug this lesson
 * @returns {string[]}
 */
export function lintInheritance(root, slug) {
  return [...lintSharedFiles(root, slug), ...lintGrowth(root, slug)];
}

/** @param {string} root @param {string} slug @returns {string[]} */
function lintSharedFiles(root, slug) {
  const problems = [];
  for (const { file, from, to } of SHARED_FILES.filter((shared) => shared.to === slug)) {
    const source = path.join(root, 'solutions', from, 'src', file);
    if (!existsSync(source)) continue;
    const text = readFileSync(source, 'utf8');
    for (const tree of ['lessons', 'solutions']) {
      const copy = path.join(root, tree, to, 'src', file);
      if (!existsSync(copy) || readFileSync(copy, 'utf8') !== text)
        problems.push(
          `${path.join(tree, to, 'src', file)} differs from ${path.join('solutions', from, 'src', file)}: the lessons share it word for word; copy it over`,
        );
    }
  }
  return problems;
}

/** @param {string} root @param {string} slug @returns {string[]} */
function lintGrowth(root, slug) {
  const pair = INHERITANCE.find((candidate) => candidate.to === slug);
  if (!pair) return [];
  const earlierDir = path.join(root, 'solutions', pair.from, 'src');
  const starterDir = path.join(root, 'lessons', slug, 'src');
  if (!existsSync(earlierDir) || !existsSync(starterDir)) return [];
  const exceptions = readExceptions(root, pair);
  const earlier = readTree(earlierDir);
  const starter = readTree(starterDir);
  const problems = [];
  const used = new Set();
  /** @param {string} file @param {string} line */
  const excepted = (file, line) => {
    const found = exceptions.find(
      (exception) => exception.file === file && (exception.line === '*' || exception.line === line.trim()),
    );
    if (found) used.add(found);
    return found !== undefined;
  };
  for (const [file, earlierText] of earlier) {
    const starterText = starter.get(file);
    if (starterText === undefined) {
      if (!excepted(file, '*'))
        problems.push(`lessons/${slug}/src/${file} is missing: solutions/${pair.from}/src/${file} must stand in it`);
      continue;
    }
    for (const missing of missingLines(earlierText, starterText)) {
      if (excepted(file, missing.text)) continue;
      problems.push(
        `lessons/${slug}/src/${file}:${missing.at} leaves out a line of solutions/${pair.from}/src/${file} outside a TODO region: ` +
          `${missing.text.trim().slice(0, 100)} (keep it, or give the reason in ${INHERITED_LINES_FILE})`,
      );
    }
  }
  for (const exception of exceptions) {
    if (!used.has(exception)) {
      problems.push(
        `${INHERITED_LINES_FILE} lists "${exception.line}" in ${pair.from} → ${slug} ${exception.file}, which the starter no longer leaves out: remove the entry`,
      );
    }
  }
  return problems;
}

/**
 * The lines of `earlierText` that `starterText` leaves out, outside its TODO regions and its imports.
 * @param {string} earlierText @param {string} starterText
 * @returns {{ text: string, at: number }[]} each line, and where it would stand in the starter (from 1)
 */
export function missingLines(earlierText, starterText) {
  const earlierLines = earlierText.split('\n');
  const starterLines = starterText.split('\n');
  const earlierImports = importBlockLength(earlierLines);
  const starterImports = importBlockLength(starterLines);
  const missing = missingImports(earlierLines.slice(0, earlierImports), starterLines.slice(0, starterImports)).map(
    (text) => ({ text, at: 1 }),
  );
  const earlierBody = earlierLines.slice(earlierImports).join('\n');
  const starterBody = starterLines.slice(starterImports).join('\n');
  let starterAt = starterImports;
  /** @type {{ removed: string[], added: string[], at: number } | undefined} */
  let hunk;
  const close = () => {
    if (!hunk) return;
    const above = starterLines.slice(Math.max(0, hunk.at - TODO_REACH), hunk.at);
    const inTodo = [...hunk.added, ...above].some((line) => TODO_LINE.test(line));
    const added = tokens(hunk.added.join('\n'));
    const left = hunk.removed.filter((line) => line.trim() !== '' && !isSubsequence(tokens(line), added));
    if (!inTodo)
      missing.push(...left.map((text) => ({ text, at: /** @type {NonNullable<typeof hunk>} */ (hunk).at + 1 })));
    hunk = undefined;
  };
  for (const change of diffLines(earlierBody, starterBody)) {
    const lines = change.value.replace(/\n$/, '').split('\n');
    if (!change.added && !change.removed) {
      close();
      starterAt += lines.length;
      continue;
    }
    hunk ??= { removed: [], added: [], at: starterAt };
    if (change.removed) hunk.removed.push(...lines);
    else {
      hunk.added.push(...lines);
      starterAt += lines.length;
    }
  }
  close();
  return missing;
}

/** A line's words and punctuation, in order. @param {string} text */
function tokens(text) {
  return text.match(/[\w$]+|\S/g) ?? [];
}

/**
 * True when `part` appears in `whole` in order, other tokens between: the line still stands, extended (a name added to
 * a list, a parameter to a constructor, a line broken in two).
 * @param {string[]} part @param {string[]} whole
 */
function isSubsequence(part, whole) {
  let at = 0;
  for (const token of whole) if (token === part[at]) at += 1;
  return at === part.length;
}

/**
 * The imports of the earlier block that the later one lacks, as `name from 'module'`.
 * @param {string[]} earlier @param {string[]} later
 */
function missingImports(earlier, later) {
  const have = new Set(importedNames(later.join('\n')));
  return importedNames(earlier.join('\n'))
    .filter((name) => !have.has(name))
    .map((name) => `import ${name}`);
}

/** Each name an import block brings in, as `name from 'module'` (a side-effect import as `'module'`). @param {string} block */
function importedNames(block) {
  const names = [];
  for (const match of block.matchAll(
    /import\s+(?:type\s+)?([\s\S]*?)\s*from\s*['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g,
  )) {
    if (match[3]) {
      names.push(`'${match[3]}'`);
      continue;
    }
    const [, clause, module] = match;
    const named = /\{([\s\S]*)\}/.exec(clause)?.[1] ?? '';
    const outside = clause
      .replace(/\{[\s\S]*\}/, '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    for (const part of [...outside, ...named.split(',')]) {
      const name = part.replace(/^type\s+/, '').trim();
      if (name) names.push(`${name} from '${module}'`);
    }
  }
  return names;
}

/** @param {string} root @param {{ from: string, to: string }} pair @returns {Exception[]} */
function readExceptions(root, pair) {
  const file = path.join(root, INHERITED_LINES_FILE);
  if (!existsSync(file)) return [];
  /** @type {Record<string, Exception[]>} */
  const all = JSON.parse(readFileSync(file, 'utf8'));
  return all[`${pair.from} → ${pair.to}`] ?? [];
}
