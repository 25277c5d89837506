import { parseTasks } from '../course/catalog.js';
import { RECAP_SECTION } from '../course/recap.js';
import { estimateMinutes, MINUTES_TOLERANCE, readingWords } from './lesson-size.js';

/**
 * The sections of every lesson README, in this order. The lesson is task-first: a short goal and why,
 * the prerequisites and set-up, then the tasks, each with the concepts it needs; what no task needs
 * sits in the quick reference after them.
 */
export const README_SECTIONS = [
  'Goal',
  'Why it matters',
  'Before you start',
  'Your tasks',
  'Quick reference',
  'Try it',
  'Check it',
  'Going further',
  RECAP_SECTION,
  'References',
];

/** "## Your tasks" starts within this many words of the README's top (code blocks aside). */
export const WORDS_BEFORE_TASKS = 450;

/** A task's own section under "## Your tasks": `### Task 3 · Messages`. */
const TASK_HEADING = /^###\s+Task\s+(\d+)\s*[·:.—-]\s*(.+?)\s*$/;

/** A file the roadmap names, in backticks: `chat.gateway.ts`, `chat/dto/room.dto.ts`. */
const FILE_NAME = /`[\w./-]+\.(?:ts|js|json)`/;

/**
 * Everything wrong with a README's shape, as sentences: its sections, how soon the tasks start, the
 * roadmap that opens "Your tasks" and the section of each task.
 * @param {string} readme
 * @returns {string[]}
 */
export function lintReadme(readme) {
  const headings = [...readme.matchAll(/^##\s+(.+?)\s*$/gm)].map((match) => match[1]);
  const problems = README_SECTIONS.filter((section) => !headings.includes(section)).map(
    (section) => `README has no "## ${section}" section`,
  );
  const present = headings.filter((heading) => README_SECTIONS.includes(heading));
  const expected = README_SECTIONS.filter((section) => present.includes(section));
  if (present.join('|') !== expected.join('|')) {
    problems.push(`README's sections are out of order: ${present.join(', ')} (expected ${expected.join(', ')})`);
  }
  if (headings.includes('Your tasks')) problems.push(...lintTasksStart(readme), ...lintRoadmap(readme));
  return problems;
}

/**
 * Where "## Your tasks" starts: its line, and the words above it (code blocks aside).
 * @param {string} readme
 * @returns {{ line: number, words: number } | undefined}
 */
export function tasksStart(readme) {
  const lines = readme.split('\n');
  const index = lines.findIndex((line) => /^##\s+Your tasks\s*$/.test(line));
  if (index === -1) return undefined;
  return { line: index + 1, words: readingWords(lines.slice(0, index).join('\n')) };
}

/** @param {string} readme */
function lintTasksStart(readme) {
  const start = tasksStart(readme);
  if (start === undefined || start.words <= WORDS_BEFORE_TASKS) return [];
  return [
    `"## Your tasks" starts at line ${start.line}, after ${start.words} words (at most ${WORDS_BEFORE_TASKS}): ` +
      'keep the goal and the why short, and move the concepts into the tasks that use them',
  ];
}

/**
 * "## Your tasks" opens with the roadmap, a numbered list of one line per task (its bold title and the
 * file it is written in), then holds one "### Task N · Title" section per task, in order.
 * @param {string} readme
 */
function lintRoadmap(readme) {
  const body = /^##\s+Your tasks\s*$([\s\S]*?)(?=^##\s|(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  const roadmapText = body.split(/^###\s/m)[0];
  const roadmap = parseTasks(readme);
  if (roadmap.length === 0)
    return [
      '"## Your tasks" opens with no roadmap: a numbered list, one line per task ("1. **Title.** what, in `file.ts`")',
    ];
  const problems = [];
  const lines = roadmapText.split('\n');
  for (const [index, line] of lines.entries()) {
    const item = /^(\d+)\.\s+(.*)$/.exec(line);
    if (!item) continue;
    if (!/^\*\*.+?\*\*/.test(item[2]))
      problems.push(`roadmap item ${item[1]} has no bold title ("${item[1]}. **Title.** …")`);
    if (!FILE_NAME.test(item[2])) problems.push(`roadmap item ${item[1]} names no file to write in (\`name.ts\`)`);
    if (/^\s+\S/.test(lines[index + 1] ?? '')) problems.push(`roadmap item ${item[1]} runs over more than one line`);
  }
  const sections = body
    .split('\n')
    .filter((line) => /^###\s/.test(line))
    .map((line) => TASK_HEADING.exec(line));
  for (const [index, task] of roadmap.entries()) {
    const section = sections[index];
    const wanted = `### Task ${task.number} · ${task.title}`;
    if (!section) problems.push(`task ${task.number} has no section of its own under "## Your tasks" (${wanted})`);
    else if (Number(section[1]) !== task.number || section[2] !== task.title)
      problems.push(`the section of task ${task.number} is "${section[0]}", not "${wanted}" (the roadmap's title)`);
  }
  for (const extra of sections.slice(roadmap.length)) {
    problems.push(`"${extra?.[0] ?? '###'}" under "## Your tasks" matches no item of the roadmap`);
  }
  return problems;
}

/**
 * The README says near its top how long the lesson takes, the same total as lesson.json's "minutes"
 * ({ reading, doing }), and those follow the estimate from the lesson's size (PACE in lesson-size.js).
 * @param {string} slug @param {string} readme @param {import('../course/catalog.js').LessonManifest} manifest
 * @param {number} lines the lines the learner writes (writtenLines)
 * @returns {string[]}
 */
export function lintTime(slug, readme, manifest, lines) {
  const { reading, doing } = manifest.minutes ?? {};
  if (!isWholeMinutes(reading) || !isWholeMinutes(doing))
    return [`lessons/${slug}/lesson.json: "minutes" must be { reading, doing }, whole minutes`];
  const problems = [];
  const tasks = parseTasks(readme).length;
  const estimate = estimateMinutes({ words: readingWords(readme), lines, tasks });
  if (
    Math.abs(reading - estimate.reading) > MINUTES_TOLERANCE ||
    Math.abs(doing - estimate.doing) > MINUTES_TOLERANCE
  ) {
    problems.push(
      `lessons/${slug}/lesson.json's "minutes" are ${reading} reading and ${doing} doing, but the lesson's size gives ` +
        `${estimate.reading} and ${estimate.doing} (${readingWords(readme)} words, ${lines} lines, ${tasks} tasks): ` +
        `keep each within ${MINUTES_TOLERANCE}`,
    );
  }
  const top = readme.split(/^##\s/m)[0];
  const stated = /\*\*Time:\*\*\s*about\s+(\d+)\s+minutes/.exec(top)?.[1];
  const total = reading + doing;
  if (stated === undefined)
    return [
      ...problems,
      `README states no time above "## Goal": add "**Time:** about ${total} minutes (…)" under the title`,
    ];
  if (Number(stated) !== total)
    problems.push(`README says about ${stated} minutes, but lesson.json's "minutes" add up to ${total}`);
  const split = /(\d+)\s+reading,\s+(\d+)\s+doing/.exec(top);
  if (split && (Number(split[1]) !== reading || Number(split[2]) !== doing))
    problems.push(
      `README says ${split[1]} reading and ${split[2]} doing, but lesson.json says ${reading} and ${doing}`,
    );
  const statedTasks = /\((\d+)\s+tasks/.exec(top)?.[1];
  if (statedTasks !== undefined && Number(statedTasks) !== tasks)
    problems.push(`README's time line counts ${statedTasks} tasks, but "Your tasks" has ${tasks}`);
  return problems;
}

/** @param {unknown} value @returns {value is number} */
function isWholeMinutes(value) {
  return Number.isInteger(value) && /** @type {number} */ (value) > 0;
}
