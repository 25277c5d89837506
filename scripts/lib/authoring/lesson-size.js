import { regionsOf } from '../course/todo-regions.js';

/**
 * How long a lesson takes a mid-level developer, estimated from its size: its README's words read at
 * 150 a minute, the solution's lines written at 2 a minute, and 5 minutes a task for running the
 * checks and reading their failures.
 */
export const PACE = { wordsPerMinute: 150, linesPerMinute: 2, minutesPerTask: 5 };

/** How far lesson.json's minutes may stray from the estimate: authors round to 5. */
export const MINUTES_TOLERANCE = 5;

/**
 * The words a learner reads in a README: its prose, tables and diagrams' labels aside from code.
 * Fenced blocks (code, shell, diagrams) are skipped: they are run or looked at, not read word by word.
 * @param {string} readme
 */
export function readingWords(readme) {
  const prose = readme.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/<!--[\s\S]*?-->/g, '');
  return prose.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/**
 * The lines of code the learner writes: the solution's lines where it differs from the starter (the
 * TODO regions and the imports), blanks and comments aside.
 * @param {Map<string, string>} starter @param {Map<string, string>} solution
 */
export function writtenLines(starter, solution) {
  let lines = 0;
  for (const [file, text] of solution) {
    for (const region of regionsOf(starter.get(file) ?? '', text)) lines += codeLines(region.solution);
  }
  return lines;
}

/**
 * The estimate, in whole minutes.
 * @param {{ words: number, lines: number, tasks: number }} size
 * @returns {{ reading: number, doing: number }}
 */
export function estimateMinutes({ words, lines, tasks }) {
  return {
    reading: Math.round(words / PACE.wordsPerMinute),
    doing: Math.round(lines / PACE.linesPerMinute + tasks * PACE.minutesPerTask),
  };
}

/** Lines that hold code, not blanks or comments. @param {string[]} lines */
function codeLines(lines) {
  return lines.filter((line) => line.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(line)).length;
}
