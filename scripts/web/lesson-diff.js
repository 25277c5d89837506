import { html as diffHtml } from 'diff2html';
import path from 'node:path';
import { publishedStarter } from '../lib/course/pristine.js';
import { readTree } from '../lib/course/source-tree.js';
import { withoutTodoComments } from '../lib/course/todos.js';
import { filePatches } from '../lib/course/tree-diff.js';

/** @typedef {import('../lib/course/catalog.js').Lesson} Lesson */

/**
 * A lesson's diff as HTML (diff2html): the starter as published → the
 * solution (the instructor's view), or the learner's code, without its TODO
 * comments, → the solution. Only the source trees (`src/`), like `npm run diff`.
 * @param {Lesson} lesson @param {'starter' | 'mine'} from
 * @returns {{ html: string, changedFiles: number }}
 */
export function lessonDiff(lesson, from) {
  const before =
    from === 'mine'
      ? withoutTodoComments(readTree(path.join(lesson.starterDir, 'src'))).files
      : publishedStarter(lesson);
  const after = readTree(path.join(lesson.solutionDir, 'src'));
  // Both sides are the lesson's src/: a file is named by its path in the lesson, not as a rename between trees.
  const patch = unifiedDiff({ label: 'a/src', files: before }, { label: 'b/src', files: after });
  if (patch.changedFiles === 0) return { html: '', changedFiles: 0 };
  const html = diffHtml(patch.text, {
    drawFileList: true,
    outputFormat: 'line-by-line',
    matching: 'lines',
    diffStyle: 'word',
  });
  return { html, changedFiles: patch.changedFiles };
}

/**
 * @param {{ label: string, files: Map<string, string> }} before
 * @param {{ label: string, files: Map<string, string> }} after
 */
export function unifiedDiff(before, after) {
  const parts = filePatches(before, after).map(({ file, patch }) => {
    // diff2html reads git-style headers; drop the "Index:" and "====" lines createTwoFilesPatch may start with.
    const body = patch.split('\n').filter((line, index) => !(index < 2 && /^(Index:|=+$)/.test(line)));
    return `diff --git a/${file} b/${file}\n${body.join('\n')}`;
  });
  return { text: parts.join('\n'), changedFiles: parts.length };
}
