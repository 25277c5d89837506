import { diffLines } from 'diff';
import { TODO_LINE } from './todos.js';

/** How far above a changed block its TODO line may stand (the TODO's own comment lines). */
export const TODO_REACH = 8;

/**
 * @typedef {object} Region one block where the starter and the solution differ
 * @property {number} line        its first line in the starter, from 1
 * @property {string[]} starter   the starter's lines of the block (empty for a pure insertion)
 * @property {string[]} solution  the solution's lines of the block
 * @property {number | undefined} task the task of the TODO inside the block, else of the nearest TODO above it
 * @property {number[]} tasks     every task named by a TODO inside the block (more than one is a mistake)
 * @property {boolean} imports   the block lies in the import block at the top of the file, in both trees: it belongs
 *                               to no task, and the per-task proof keeps the solution's imports whole
 *
 * @typedef {{ kind: 'same', lines: string[] } | { kind: 'region', region: Region }} Piece
 */

/**
 * The starter → solution diff of one file, as unchanged runs and TODO regions.
 * @param {string} starterText @param {string} solutionText
 * @returns {Piece[]}
 */
export function diffIntoRegions(starterText, solutionText) {
  const starterLines = starterText.split('\n');
  const starterImports = importBlockLength(starterLines);
  const solutionImports = importBlockLength(solutionText.split('\n'));
  let solutionAt = 0;
  let openSolutionEnd = 0;
  /** @type {Piece[]} */
  const pieces = [];
  let starterAt = 0;
  /** @type {Region | undefined} */
  let open;
  const close = () => {
    if (!open) return;
    open.tasks = tasksIn(open.starter);
    open.imports =
      open.tasks.length === 0 &&
      open.line - 1 + open.starter.length <= starterImports &&
      openSolutionEnd <= solutionImports;
    open.task = open.imports ? undefined : (open.tasks[0] ?? nearestTaskAbove(starterLines, open.line - 1));
    pieces.push({ kind: 'region', region: open });
    open = undefined;
  };
  for (const change of diffLines(starterText, solutionText)) {
    const lines = splitChange(change.value);
    if (!change.added && !change.removed) {
      close();
      pieces.push({ kind: 'same', lines });
      starterAt += lines.length;
      solutionAt += lines.length;
      continue;
    }
    open ??= { line: starterAt + 1, starter: [], solution: [], task: undefined, tasks: [], imports: false };
    if (change.removed) {
      open.starter.push(...lines);
      starterAt += lines.length;
    } else {
      open.solution.push(...lines);
      solutionAt += lines.length;
    }
    openSolutionEnd = solutionAt;
  }
  close();
  return pieces;
}

/** Every region of a file. @param {string} starterText @param {string} solutionText @returns {Region[]} */
export function regionsOf(starterText, solutionText) {
  return diffIntoRegions(starterText, solutionText).flatMap((piece) => (piece.kind === 'region' ? [piece.region] : []));
}

/**
 * The solution with the regions of `task` put back to the starter's text: the
 * copy in which only that task is left undone.
 * @param {string} starterText @param {string} solutionText @param {number} task
 * @returns {string}
 */
export function withTaskUndone(starterText, solutionText, task) {
  const out = [];
  for (const piece of diffIntoRegions(starterText, solutionText)) {
    if (piece.kind === 'same') out.push(...piece.lines);
    else out.push(...(piece.region.task === task ? piece.region.starter : piece.region.solution));
  }
  return out.join('');
}

/**
 * How many lines the import block at the top of a file spans: from the top to the end of its last import statement
 * (one line or several), with the blank and comment lines between them. A `// TODO` line ends it.
 * @param {string[]} lines
 */
export function importBlockLength(lines) {
  let inside = false;
  let end = 0;
  for (let at = 0; at < lines.length; at += 1) {
    const line = lines[at].trim();
    if (inside) {
      if (IMPORT_END.test(line)) [inside, end] = [false, at + 1];
      continue;
    }
    if (
      line === '' ||
      ((line.startsWith('//') || line.startsWith('/*') || line.startsWith('*')) && !TODO_LINE.test(line))
    )
      continue;
    if (!line.startsWith('import ')) break;
    if (IMPORT_END.test(line) || /^import\s+['"][^'"]+['"];?$/.test(line)) end = at + 1;
    else inside = true;
  }
  return end;
}

const IMPORT_END = /\bfrom\s+['"][^'"]+['"];?$/;

/** A change's lines, each with its line break, so that joining them gives the text back. @param {string} value */
function splitChange(value) {
  return value.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** @param {string[]} lines @returns {number[]} */
function tasksIn(lines) {
  const tasks = lines.flatMap((line) => {
    const match = TODO_LINE.exec(line.replace(/\n$/, ''));
    return match ? [Number(match[1])] : [];
  });
  return [...new Set(tasks)];
}

/** @param {string[]} starterLines @param {number} index 0-based line where the block starts */
function nearestTaskAbove(starterLines, index) {
  for (let at = index - 1; at >= Math.max(0, index - TODO_REACH); at -= 1) {
    const match = TODO_LINE.exec(starterLines[at]);
    if (match) return Number(match[1]);
  }
  return undefined;
}
