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

/**
 * Where each difference between an earlier solution and the later starter outside TODO regions is listed with its
 * reason: the lines the starter leaves out (`leftOut`) and the files it gives more ready-made code in (`grown`).
 */
export const INHERITED_LINES_FILE = path.join('docs', 'inherited-lines.json');

/**
 * @typedef {object} Exception a line of the earlier solution the later starter may leave out
 * @property {string} file    the file, relative to src/
 * @property {string} line    the line as the earlier solution has it, trimmed; '*' for the whole file
 * @property {string} reason  why the later lesson cannot keep it
 *
 * @typedef {object} Growth a file the later starter gives more provided code in than the earlier solution has
 * @property {string} file    the file, relative to src/
 * @property {string} reason  what the later lesson adds and why the earlier one does without it
 *
 * @typedef {{ leftOut: Exception[], grown: Growth[] }} Differences
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
  const { leftOut: exceptions, grown } = readDifferences(root, pair);
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
    const growth = grown.find((entry) => entry.file === file);
    const added = addedLines(earlierText, starterText);
    if (growth && added.length === 0)
      problems.push(
        `${INHERITED_LINES_FILE} says lessons/${slug}/src/${file} grows solutions/${pair.from}/src/${file}, which it no longer does: remove the entry`,
      );
    if (!growth && added.length > 0)
      problems.push(
        `lessons/${slug}/src/${file}:${added[0].at} adds ${added.length} line(s) to solutions/${pair.from}/src/${file} outside a TODO region, ` +
          `first: ${added[0].text.trim().slice(0, 100)} (if ${pair.from} needs them too, copy them back there; ` +
          `if they are new to this lesson, give the reason under "grown" in ${INHERITED_LINES_FILE})`,
      );
    for (const missing of missingLines(earlierText, starterText)) {
      if (excepted(file, missing.text)) continue;
      problems.push(
        `lessons/${slug}/src/${file}:${missing.at} leaves out a line of solutions/${pair.from}/src/${file} outside a TODO region: ` +
          `${missing.text.trim().slice(0, 100)} (keep it, or give the reason in ${INHERITED_LINES_FILE})`,
      );
    }
  }
  for (const growth of grown.filter((entry) => !earlier.has(entry.file)))
    problems.push(
      `${INHERITED_LINES_FILE} lists ${growth.file} as grown in ${pair.from} → ${slug}, but solutions/${pair.from}/src/${growth.file} does not exist: remove the entry`,
    );
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
 * The blocks where `starterText` differs from `earlierText` below their imports, each with whether a TODO of the
 * later lesson stands among its lines or within TODO_REACH lines above.
 * @param {string} earlierText @param {string} starterText
 * @returns {{ removed: string[], added: string[], at: number, inTodo: boolean }[]} `at`: the starter's line before it
 */
function changedBlocks(earlierText, starterText) {
  const earlierLines = earlierText.split('\n');
  const starterLines = starterText.split('\n');
  const starterImports = importBlockLength(starterLines);
  const earlierBody = earlierLines.slice(importBlockLength(earlierLines)).join('\n');
  const starterBody = starterLines.slice(starterImports).join('\n');
  let starterAt = starterImports;
  /** @type {{ removed: string[], added: string[], at: number, inTodo: boolean }[]} */
  const blocks = [];
  /** @type {{ removed: string[], added: string[], at: number, inTodo: boolean } | undefined} */
  let block;
  const close = () => {
    if (!block) return;
    const above = starterLines.slice(Math.max(0, block.at - TODO_REACH), block.at);
    block.inTodo = [...block.added, ...above].some((line) => TODO_LINE.test(line));
    blocks.push(block);
    block = undefined;
  };
  for (const change of diffLines(earlierBody, starterBody)) {
    const lines = change.value.replace(/\n$/, '').split('\n');
    if (!change.added && !change.removed) {
      close();
      starterAt += lines.length;
      continue;
    }
    block ??= { removed: [], added: [], at: starterAt, inTodo: false };
    if (change.removed) block.removed.push(...lines);
    else {
      block.added.push(...lines);
      starterAt += lines.length;
    }
  }
  close();
  return blocks;
}

/**
 * The lines of `earlierText` that `starterText` leaves out, outside its TODO regions and its imports.
 * @param {string} earlierText @param {string} starterText
 * @returns {{ text: string, at: number }[]} each line, and where it would stand in the starter (from 1)
 */
export function missingLines(earlierText, starterText) {
  const earlierLines = earlierText.split('\n');
  const starterLines = starterText.split('\n');
  const missing = missingImports(
    earlierLines.slice(0, importBlockLength(earlierLines)),
    starterLines.slice(0, importBlockLength(starterLines)),
  ).map((text) => ({ text, at: 1 }));
  for (const block of changedBlocks(earlierText, starterText)) {
    if (block.inTodo) continue;
    const added = tokens(block.added.join('\n'));
    for (const text of block.removed)
      if (text.trim() !== '' && !isSubsequence(tokens(text), added)) missing.push({ text, at: block.at + 1 });
  }
  return missing;
}

/**
 * The lines `starterText` adds to `earlierText` outside its TODO regions and its imports: what the later lesson
 * gives the learner ready-made in a file it shares with the earlier one.
 * @param {string} earlierText @param {string} starterText
 * @returns {{ text: string, at: number }[]} each line and its line in the starter (from 1)
 */
export function addedLines(earlierText, starterText) {
  return changedBlocks(earlierText, starterText)
    .filter((block) => !block.inTodo)
    .flatMap((block) => block.added.map((text, index) => ({ text, at: block.at + index + 1 })))
    .filter((line) => line.text.trim() !== '');
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

/** @param {string} root @param {{ from: string, to: string }} pair @returns {Differences} */
function readDifferences(root, pair) {
  const file = path.join(root, INHERITED_LINES_FILE);
  if (!existsSync(file)) return { leftOut: [], grown: [] };
  /** @type {Record<string, Partial<Differences>>} */
  const all = JSON.parse(readFileSync(file, 'utf8'));
  const differences = all[`${pair.from} → ${pair.to}`] ?? {};
  return { leftOut: differences.leftOut ?? [], grown: differences.grown ?? [] };
}
