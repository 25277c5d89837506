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
