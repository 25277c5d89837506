import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { publishedStarter } from './pristine.js';
import { TODO_LINE } from './todos.js';

/**
 * @typedef {{ files: string[], deleted: string[] }} TaskFiles the files of a task's TODOs in the published
 *   starter (relative to the lesson: `src/…`), and those of them where the learner has deleted that task's TODOs
 */

/**
 * Where a task's work goes: the files the published starter has its TODOs in, whatever the learner did to
 * the comments since (deleted them, moved them, copied one elsewhere).
 * @param {import('./catalog.js').Lesson} lesson @param {string} lessonDir the learner's copy of the lesson
 * @param {number} task
 * @returns {TaskFiles}
 */
export function taskFiles(lesson, lessonDir, task) {
  const files = [...publishedStarter(lesson)]
    .filter(([, text]) => holdsTodoOf(text, task))
    .map(([file]) => path.join('src', file))
    .sort();
  const deleted = files.filter((file) => {
    const mine = path.join(lessonDir, file);
    return !existsSync(mine) || !holdsTodoOf(readFileSync(mine, 'utf8'), task);
  });
  return { files, deleted };
}

/** @param {string} text @param {number} task */
function holdsTodoOf(text, task) {
  return text.split('\n').some((line) => Number(TODO_LINE.exec(line)?.[1]) === task);
}
