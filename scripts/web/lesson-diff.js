import { createTwoFilesPatch } from 'diff';
import { html as diffHtml } from 'diff2html';
import path from 'node:path';
import { filesAt, pristineRef } from '../lib/pristine.js';
import { readTree } from '../lib/source-tree.js';

/** @typedef {import('../lib/catalog.js').Lesson} Lesson */

/**
 * A lesson's diff as HTML (diff2html): the starter as published → the
 * solution (the instructor's view), or the learner's tree → the solution.
 * Only the source trees (`src/`), like `npm run diff`.
 * @param {Lesson} lesson @param {'starter' | 'mine'} from
 * @returns {{ html: string, changedFiles: number }}
 */
export function lessonDiff(lesson, from) {
  const starterLabel = `lessons/${lesson.slug}/src`;
  const before = from === 'mine' ? readTree(path.join(lesson.starterDir, 'src')) : pristineStarter(lesson, starterLabel);
  const after = readTree(path.join(lesson.solutionDir, 'src'));
  const patch = unifiedDiff({ label: starterLabel, files: before }, { label: `solutions/${lesson.slug}/src`, files: after });
  if (patch.changedFiles === 0) return { html: '', changedFiles: 0 };
  const html = diffHtml(patch.text, { drawFileList: true, outputFormat: 'line-by-line', matching: 'lines', diffStyle: 'word' });
  return { html, changedFiles: patch.changedFiles };
}

/**
 * @param {{ label: string, files: Map<string, string> }} before
 * @param {{ label: string, files: Map<string, string> }} after
 */
export function unifiedDiff(before, after) {
  const paths = [...new Set([...before.files.keys(), ...after.files.keys()])].sort();
  const parts = [];
  for (const file of paths) {
    const oldText = before.files.get(file);
    const newText = after.files.get(file);
    if (oldText === newText) continue;
    const patch = createTwoFilesPatch(
      oldText === undefined ? '/dev/null' : `${before.label}/${file}`,
      newText === undefined ? '/dev/null' : `${after.label}/${file}`,
      oldText ?? '',
      newText ?? '',
      undefined,
      undefined,
      { context: 3 },
    );
    // diff2html reads git-style headers; drop the "Index:" and "====" lines createTwoFilesPatch may start with.
    const body = patch.split('\n').filter((line, index) => !(index < 2 && /^(Index:|=+$)/.test(line)));
    parts.push(`diff --git a/${file} b/${file}\n${body.join('\n')}`);
  }
  return { text: parts.join('\n'), changedFiles: parts.length };
}

/** The starter as published (git), so a learner's edits don't hide the exercise. @param {Lesson} lesson @param {string} dir */
function pristineStarter(lesson, dir) {
  const ref = pristineRef();
  if (!ref) return readTree(path.join(lesson.starterDir, 'src'));
  const prefix = `${dir}/`;
  const files = new Map();
  for (const [name, text] of filesAt(ref, dir)) files.set(name.slice(prefix.length), text);
  return files;
}
