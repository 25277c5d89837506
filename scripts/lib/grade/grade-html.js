import { escapeHtml } from '../../web/html.js';
import { cellText } from './grade-table.js';

// Learner text (names, error messages, paths) is escaped everywhere: it is untrusted.

/** @typedef {import('./grade-report.js').GradeReport} GradeReport */
/** @typedef {import('./lesson-grade.js').LessonGrade} LessonGrade */

/** Sorts as a share passed; runs that did not finish sort below every score. @param {LessonGrade | undefined} grade */
function sortKey(grade) {
  if (!grade) return -2;
  if (grade.status !== 'passed' && grade.status !== 'partial') return -1;
  return grade.total === 0 ? 0 : grade.passed / grade.total;
}

/** @param {LessonGrade | undefined} grade */
function cell(grade) {
  if (!grade) return '<td data-sort="-2"></td>';
  const tasks = grade.tasks
    .map(
      (task) =>
        `<tr class="${task.total > 0 && task.passed === task.total ? 'ok' : 'no'}"><td>Task ${task.task} · ${escapeHtml(task.title)}</td><td>${task.passed}/${task.total}</td></tr>`,
    )
    .join('');
  const reason = grade.reason ? `<p>${escapeHtml(grade.reason)}</p>` : '';
  const skipped = grade.skipped > 0 ? `<p>${grade.skipped} skipped</p>` : '';
  return (
    `<td class="${grade.status.replaceAll(' ', '-')}" data-sort="${sortKey(grade)}"><details><summary>${escapeHtml(cellText(grade))}</summary>` +
    `${reason}<table>${tasks}</table>${skipped}<p>${grade.seconds} s</p></details></td>`
  );
}

/**
 * One self-contained page: the learners × lessons table, sortable by any
 * column, each cell coloured by its status and opening the per-task detail.
 * @param {GradeReport} report @param {number[]} lessons
 */
export function toHtml(report, lessons) {
  const head = ['learner', ...lessons.map((lesson) => `lesson ${lesson}`), 'course files']
    .map((title, column) => `<th><button type="button" data-column="${column}">${escapeHtml(title)}</button></th>`)
    .join('');
  const rows = report.learners
    .map((learner) => {
      const cells = lessons.map((lesson) => cell(learner.lessons.find((grade) => grade.lesson === lesson))).join('');
      const files =
        learner.tampered.length === 0
          ? '<td data-sort="0">as shipped</td>'
          : `<td class="changed" data-sort="${learner.tampered.length}"><details><summary>${learner.tampered.length} changed</summary><ul>${learner.tampered.map((file) => `<li>${escapeHtml(file)}</li>`).join('')}</ul><p>Graded with the course's own.</p></details></td>`;
      return `<tr><th scope="row" data-sort="${escapeHtml(learner.name.toLowerCase())}" title="${escapeHtml(learner.source)}">${escapeHtml(learner.name)}</th>${cells}${files}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(report.course)}: grades</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
table.grades { border-collapse: collapse; }
.grades > thead th, .grades > tbody > tr > * { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th button { white-space: nowrap; font: inherit; font-weight: bold; border: 0; background: none; cursor: pointer; padding: 0; }
th button::after { content: " ⇅"; color: #888; }
summary { cursor: pointer; font-variant-numeric: tabular-nums; }
td table { margin-top: .3rem; font-size: 13px; }
td table td { padding: 0 .4rem 0 0; }
.passed { background: #d9f2dd; } .partial { background: #fff1c2; }
.did-not-start, .timed-out, .crashed, .too-much-output, .changed { background: #f8d7d7; }
tr.ok td:last-child { color: #17692a; } tr.no td:last-child { color: #9b1c1c; }
td p { margin: .3rem 0 0; font-size: 13px; max-width: 40ch; }
</style>
</head>
<body>
<h1>${escapeHtml(report.course)}</h1>
<p>Graded ${escapeHtml(report.gradedAt)} with the course's own checks. Open a cell for its tasks.</p>
<table class="grades">
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script>
const body = document.querySelector('.grades > tbody');
let sorted = { column: -1, down: false };
for (const button of document.querySelectorAll('th button')) {
  button.addEventListener('click', () => {
    const column = Number(button.dataset.column);
    sorted = { column, down: sorted.column === column ? !sorted.down : column > 0 };
    const key = (row) => row.children[column].dataset.sort;
    const rows = [...body.rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = column === 0 ? x.localeCompare(y) : Number(x) - Number(y);
      return sorted.down ? -order : order;
    });
    body.append(...rows);
  });
}
</script>
</body>
</html>
`;
}
