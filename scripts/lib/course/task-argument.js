import { listTasks } from './catalog.js';
import { UsageError } from '../cli/usage-error.js';

/**
 * The task `--task K` names in a lesson, or a one-line mistake that names the lesson's task numbers.
 * @param {import('./catalog.js').Lesson} lesson @param {string | boolean} wanted @param {string} command e.g. 'npm run hint'
 * @returns {import('./catalog.js').Task}
 */
export function taskNamed(lesson, wanted, command) {
  const tasks = listTasks(lesson);
  const task = tasks.find((candidate) => String(candidate.number) === String(wanted).trim());
  if (task) return task;
  throw new UsageError(
    `${command}: lesson ${lesson.number} has no task ${wanted}; its tasks are ${taskNumbers(tasks)}`,
  );
}

/** `1 to 11`, or the numbers one by one when they skip. @param {import('./catalog.js').Task[]} tasks */
function taskNumbers(tasks) {
  const numbers = tasks.map((task) => task.number);
  const contiguous = numbers.every((number, index) => number === numbers[0] + index);
  return contiguous && numbers.length > 1 ? `${numbers[0]} to ${numbers.at(-1)}` : numbers.join(', ');
}
