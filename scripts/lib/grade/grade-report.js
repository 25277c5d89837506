/** @typedef {import('./grade-class.js').LearnerGrade} LearnerGrade */

/**
 * @typedef {object} GradeReport what `--json FILE` writes
 * @property {string} course the course's name and version
 * @property {string} gradedAt
 * @property {LearnerGrade[]} learners
 */

/** @param {GradeReport} report */
export function toJson(report) {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * One row per learner and lesson; the tasks as `1:3/3 2:0/4`, the changed
 * course files separated by spaces.
 * @param {GradeReport} report
 */
export function toCsv(report) {
  const header = [
    'learner',
    'source',
    'lesson',
    'status',
    'passed',
    'total',
    'skipped',
    'seconds',
    'tasks',
    'reason',
    'course files changed',
  ];
  const rows = report.learners.flatMap((learner) =>
    learner.lessons.map((lesson) => [
      learner.name,
      learner.source,
      lesson.lesson,
      lesson.status,
      lesson.passed,
      lesson.total,
      lesson.skipped,
      lesson.seconds,
      lesson.tasks.map((task) => `${task.task}:${task.passed}/${task.total}`).join(' '),
      lesson.reason ?? '',
      learner.tampered.join(' '),
    ]),
  );
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** @param {unknown} value */
function csvField(value) {
  const text = String(value);
  // A leading =, +, - or @ would be read as a formula by a spreadsheet: learner-chosen text must stay text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
