/** @typedef {import('./grade-class.js').LearnerGrade} LearnerGrade */
/** @typedef {import('./lesson-grade.js').LessonGrade} LessonGrade */
/** @typedef {import('../cli/terminal.js').Palette} Palette */

/** What a cell of the table says: `25/25`, `12/33`, or what stopped the run. @param {LessonGrade} grade */
export function cellText(grade) {
  if (grade.status === 'passed' || grade.status === 'partial') return `${grade.passed}/${grade.total}`;
  return grade.status;
}

/** @param {LessonGrade} grade @param {Palette} style */
function colour(grade, style) {
  if (grade.status === 'passed') return style.green;
  if (grade.status === 'partial') return style.yellow;
  return style.red;
}

/**
 * The learners × lessons table, then one line per run that did not finish
 * and per learner whose course-owned files differ.
 * @param {LearnerGrade[]} learners @param {number[]} lessons @param {Palette} style
 * @returns {string[]}
 */
export function renderGradeTable(learners, lessons, style) {
  const header = ['learner', ...lessons.map((lesson) => `lesson ${lesson}`), 'course files'];
  const rows = learners.map((learner) => [
    learner.name,
    ...lessons.map((lesson) => {
      const grade = learner.lessons.find((candidate) => candidate.lesson === lesson);
      return grade ? cellText(grade) : '';
    }),
    learner.tampered.length === 0 ? 'as shipped' : `${learner.tampered.length} changed`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const pad = (/** @type {string} */ text, /** @type {number} */ column) => text.padEnd(widths[column]);
  const lines = [
    style.bold(header.map(pad).join('  ').trimEnd()),
    style.dim(widths.map((width) => '─'.repeat(width)).join('  ')),
  ];
  learners.forEach((learner, index) => {
    const cells = rows[index].map((text, column) => {
      const padded = pad(text, column);
      if (column === 0) return padded;
      if (column === rows[index].length - 1) return learner.tampered.length > 0 ? style.red(padded) : style.dim(padded);
      const grade = learner.lessons.find((candidate) => candidate.lesson === lessons[column - 1]);
      return grade ? colour(grade, style)(padded) : padded;
    });
    lines.push(cells.join('  ').trimEnd());
  });
  const notes = [];
  for (const learner of learners) {
    for (const grade of learner.lessons) {
      if (grade.reason) notes.push(`${learner.name} · lesson ${grade.lesson}: ${grade.status}: ${grade.reason}`);
    }
    if (learner.tampered.length > 0) {
      const shown = learner.tampered.slice(0, 5).join(', ');
      const more = learner.tampered.length > 5 ? ` and ${learner.tampered.length - 5} more` : '';
      notes.push(`${learner.name}: differs from the course in ${shown}${more} (graded with the course's own)`);
    }
  }
  return notes.length > 0 ? [...lines, '', ...notes] : lines;
}
