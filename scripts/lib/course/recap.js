import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The README section that ends every lesson: what the learner can now do, and where the questions are. */
export const RECAP_SECTION = 'Check your understanding';

/** The file next to a lesson's README that holds its questions and their answers. */
export const QUESTIONS_FILE = 'questions.md';

/**
 * @typedef {{ question: string, answer: string }} Question  both markdown; a question may end with a code block
 * @typedef {{ canNow: string[], questions: Question[] }} Recap
 */

/**
 * A lesson's recap: the items of its README's "Check your understanding" list,
 * and the questions of its questions.md, each with its answer.
 * @param {import('./catalog.js').Lesson} lesson
 * @returns {Recap}
 */
export function readRecap(lesson) {
  return {
    canNow: parseCanNow(readText(path.join(lesson.starterDir, 'README.md'))),
    questions: parseQuestions(readText(path.join(lesson.starterDir, QUESTIONS_FILE))),
  };
}

/**
 * The bullet items of the README's "Check your understanding" section, each
 * one line (a continued item is joined).
 * @param {string} readme
 * @returns {string[]}
 */
export function parseCanNow(readme) {
  const section = sectionOf(readme, RECAP_SECTION);
  /** @type {string[]} */
  const items = [];
  let open = false;
  for (const line of section.split('\n')) {
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      items.push(bullet[1].trim());
      open = true;
    } else if (open && /^\s+\S/.test(line)) {
      items[items.length - 1] += ` ${line.trim()}`;
    } else {
      open = false;
    }
  }
  return items;
}

/**
 * The questions of a questions.md: each `## ` heading is a question (a leading
 * "1." is dropped), with the code block that follows it at once, if any (the
 * snippet a "what does it print" question asks about); the text under them,
 * up to the next heading, is its answer.
 * @param {string} text
 * @returns {Question[]}
 */
export function parseQuestions(text) {
  const parts = text.split(/^##\s+/m).slice(1);
  return parts.map((part) => {
    const [heading, ...rest] = part.split('\n');
    const question = heading.replace(/^\d+\.\s*/, '').trim();
    const body = rest.join('\n').trim();
    const snippet = /^(```|~~~)[^\n]*\n[\s\S]*?\n\1[ \t]*(?:\n|$)/.exec(body)?.[0];
    return snippet
      ? { question: `${question}\n\n${snippet.trim()}`, answer: body.slice(snippet.length).trim() }
      : { question, answer: body };
  });
}

/**
 * The text of a README's `## name` section, up to the next `## ` heading.
 * @param {string} readme @param {string} name
 */
export function sectionOf(readme, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^##\\s+${escaped}\\s*$([\\s\\S]*?)(?=^##\\s|(?![\\s\\S]))`, 'm').exec(readme)?.[1] ?? '';
}

/** @param {string} file */
function readText(file) {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
