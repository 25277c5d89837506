import { escapeHtml, jsonForScript } from './html.js';
import { inTaskOrder } from '../lib/course/todos.js';

/** @typedef {import('../lib/course/catalog.js').Lesson} Lesson */
/** @typedef {import('../lib/progress/progress.js').LessonProgress} LessonProgress */

const COURSE = 'NestJS realtime course';

/** @typedef {Record<string, LessonProgress | undefined>} ProgressByLesson */

/** A lesson's state from its last recorded run. @param {LessonProgress | undefined} run */
export function lessonState(run) {
  if (!run) return { state: 'new', label: 'not checked yet' };
  return run.failed === 0 ? { state: 'done', label: 'done' } : { state: 'todo', label: `${run.failed} to go` };
}

/**
 * @param {{ title: string, body: string, head?: string, lessons: Lesson[], current?: number, progress?: ProgressByLesson, skip?: string }} page
 *   `skip`: the skip link's target and text, first in Tab order
 */
function layout({ title, body, head = '', lessons, current, progress = {}, skip = '' }) {
  const marks = /** @type {Record<string, string>} */ ({ done: '✓', todo: '•', new: '' });
  const nav = lessons
    .map((lesson) => {
      const here = lesson.number === current ? ' aria-current="page"' : '';
      const { state, label } = lessonState(progress[lesson.slug]);
      const name = `Lesson ${lesson.number}: ${lesson.title} (${label})`;
      const mark = marks[state] ? `<span class="mark" aria-hidden="true">${marks[state]}</span>` : '';
      return `<a href="/lessons/${lesson.number}" class="${state}"${here} aria-label="${escapeHtml(name)}" title="${escapeHtml(name)}">${lesson.number}${mark}</a>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/site.css">
${head}
</head>
<body>
${skip}<header class="top">
  <a class="brand" href="/">${COURSE}</a>
  <nav aria-label="Lessons">${nav}</nav>
</header>
${body}
</body>
</html>
`;
}

/**
 * The index: every lesson with the checks passed on its last run, like `npm run lesson`.
 * @param {{ lessons: Lesson[], progress: Record<string, LessonProgress | undefined> }} data
 */
export function renderIndexPage({ lessons, progress }) {
  const rows = lessons
    .map((lesson) => {
      const run = progress[lesson.slug];
      const checks = run ? `${run.passed}/${run.total}` : '–';
      const { state, label: status } = lessonState(run);
      return `<tr>
  <td>${lesson.number}</td>
  <td><a href="/lessons/${lesson.number}">${escapeHtml(lesson.title)}</a></td>
  <td class="num">${checks}</td>
  <td><span class="badge ${state}">${status}</span></td>
</tr>`;
    })
    .join('\n');
  const body = `<main class="index">
<h1>${COURSE}</h1>
<p>${countInWords(lessons.length)} lessons, each a small Nest app to finish. Open a lesson, fill in its TODOs, and run its checks here or with <code>npm run check N</code>.</p>
<table class="lessons">
<caption>Lessons and your progress</caption>
<thead><tr><th scope="col">#</th><th scope="col">Lesson</th><th scope="col">Checks</th><th scope="col">Status</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="dim">Start with <code>npm run lesson 1</code>. Progress is kept in <code>.course/progress.json</code>.</p>
</main>`;
  return layout({ title: COURSE, body, lessons, progress });
}

/**
 * @typedef {object} LessonPageData
 * @property {Lesson} lesson
 * @property {Lesson[]} lessons
 * @property {string} html           the README as HTML
 * @property {{ file: string, line: number, task: number, text: string, href: string }[]} todos
 * @property {boolean} solution      the page works on the reference solution
 * @property {ProgressByLesson} progress each lesson's last recorded run
 * @property {import('./public/page-config.js').PageConfig} config what the page's scripts need
 */

/** @param {LessonPageData} data */
export function renderLessonPage({ lesson, lessons, html, todos, solution, progress, config }) {
  // In task order, each once: the tag says the task, so the TODO's own "(Your tasks, N)" is left out.
  const sorted = inTaskOrder(todos);
  const todoItems = sorted
    .map((todo) => {
      const text = todo.text.replace(/\s*\(Your tasks?,? \d+\)\s*$/i, '');
      return `<li><span class="task-tag">Task ${todo.task}</span> ${escapeHtml(text)} <a href="${escapeHtml(todo.href)}" title="Open in your editor"><code>${escapeHtml(todo.file)}:${todo.line}</code></a></li>`;
    })
    .join('\n');
  const todoSection = solution
    ? `<p class="note">This page works on the reference solution (<code>solutions/${escapeHtml(lesson.slug)}</code>): the checks run against it.</p>`
    : todos.length > 0
      ? `<details class="todos" open><summary><h2>Your TODOs (${todos.length})</h2></summary><ul>${todoItems}</ul></details>`
      : `<p class="note">No TODOs left in this lesson.</p>`;
  const head = `<link rel="stylesheet" href="/vendor/highlight.css">
<link rel="stylesheet" href="/vendor/diff2html.css">
<script type="application/json" id="page-config">${jsonForScript(config)}</script>
<script src="/vendor/socket.io.min.js" defer></script>
<script type="module" src="/assets/lesson-page.js"></script>`;
  const body = `<nav class="pane-switch" aria-label="Lesson or your work">
  <button type="button" id="show-lesson" aria-pressed="true" aria-controls="lesson-text">Lesson</button>
  <button type="button" id="show-work" aria-pressed="false" aria-controls="work">Your work</button>
</nav>
<main class="layout" data-show="lesson">
<article class="lesson" id="lesson-text" aria-label="Lesson text" tabindex="-1">
${html}
</article>
<aside class="work" id="work" aria-label="Your work" tabindex="-1">
  <div class="tabs" role="tablist" aria-label="Your work">
    <button role="tab" id="tab-checks" aria-controls="panel-checks" aria-selected="true">Checks</button>
    <button role="tab" id="tab-playground" aria-controls="panel-playground" aria-selected="false" tabindex="-1">Playground</button>
    <button role="tab" id="tab-diff" aria-controls="panel-diff" aria-selected="false" tabindex="-1">Diff</button>
  </div>
  <section class="panel" id="panel-checks" role="tabpanel" aria-labelledby="tab-checks">
    <div class="run-bar">
      <button id="run-checks" class="primary">Run checks</button>
      <label class="switch"><input type="checkbox" role="switch" id="check-on-save"> Check on save</label>
      <label class="switch"><input type="checkbox" role="switch" id="failing-only"> Failing only</label>
    </div>
    <p id="run-status" class="run-status" role="status">Not run yet on this page. <span class="dim">Same as <code>npm run check ${lesson.number}</code>.</span></p>
    <p id="run-progress" class="run-progress dim" hidden></p>
    <div id="results" class="results"></div>
    ${todoSection}
  </section>
  <section class="panel" id="panel-playground" role="tabpanel" aria-labelledby="tab-playground" hidden>
    <div id="playground"></div>
  </section>
  <section class="panel" id="panel-diff" role="tabpanel" aria-labelledby="tab-diff" hidden>
    <div class="diff-bar" role="group" aria-label="Which diff">
      <button id="diff-starter" aria-pressed="false">Starter → solution</button>
      <button id="diff-mine" aria-pressed="false">Mine → solution</button>
    </div>
    <div id="diff" class="diff"><p class="dim">Pick a diff: the starter as published against the solution (the exercise), or your code against the solution.</p></div>
  </section>
</aside>
</main>`;
  const skip = '<a class="skip" href="#work">Skip to checks and playground</a>\n';
  return layout({
    title: `Lesson ${lesson.number} · ${lesson.title} — ${COURSE}`,
    body,
    head,
    lessons,
    current: lesson.number,
    progress,
    skip,
  });
}

/** @param {number} status @param {string} message @param {Lesson[]} lessons */
export function renderErrorPage(status, message, lessons) {
  return layout({
    title: `${status} — ${COURSE}`,
    body: `<main class="index"><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">All lessons</a></p></main>`,
    lessons,
  });
}

/** "Four" for 4: the index says how many lessons there are. @param {number} count */
function countInWords(count) {
  const words = ['No', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];
  return words[count] ?? String(count);
}
