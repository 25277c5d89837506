/**
 * What `npm run lesson N` prints before the app's output: the lesson's title and time, its goal, and its list of
 * tasks, without the tasks' teaching (the whole text scrolls out of a terminal; `--print` and the page hold it).
 * @param {string} markdown the lesson's README
 * @returns {string} markdown
 */
export function lessonOutline(markdown) {
  const lines = markdown.split('\n');
  const sectionAt = (/** @type {RegExp} */ heading) => lines.findIndex((line) => heading.test(line));
  const goalEnd = sectionAt(/^## (?!Goal\b)/);
  const tasksAt = sectionAt(/^## Your tasks\b/);
  if (goalEnd < 0 || tasksAt < 0) return markdown;
  const afterTasks = lines.findIndex((line, index) => index > tasksAt && /^#{2,3} /.test(line));
  const tasks = lines.slice(tasksAt, afterTasks < 0 ? lines.length : afterTasks);
  return [...lines.slice(0, goalEnd), ...tasks].join('\n').trimEnd() + '\n';
}

/**
 * One task's section of a lesson's README (`npm run lesson N -- --task K`): from its `### Task K` heading to the next
 * heading of its level or above, so a learner reads the teaching of the task at hand without scrolling a whole lesson.
 * @param {string} markdown the lesson's README @param {number} task
 * @returns {string | undefined} markdown, or undefined when the README has no such task
 */
export function taskSection(markdown, task) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^### Task ${task}\\b`).test(line));
  if (start < 0) return undefined;
  // Fenced blocks may hold lines that look like headings (a shell comment, a diagram): they end nothing.
  let fenced = false;
  let end = lines.length;
  for (let index = start + 1; index < lines.length; index += 1) {
    if (/^(```|~~~)/.test(lines[index])) fenced = !fenced;
    else if (!fenced && /^#{1,3} /.test(lines[index])) {
      end = index;
      break;
    }
  }
  return lines.slice(start, end).join('\n').trimEnd() + '\n';
}
