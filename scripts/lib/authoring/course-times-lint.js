import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listLessons, REPO_ROOT } from '../course/catalog.js';
import { MINUTES_TOLERANCE } from './lesson-size.js';

/**
 * "about 3 h 35": a lesson's minutes as the course README's table says them, rounded to 5.
 * @param {number} minutes
 */
export function hoursAndMinutes(minutes) {
  const rounded = Math.round(minutes / 5) * 5;
  const hours = Math.floor(rounded / 60);
  const rest = String(rounded % 60).padStart(2, '0');
  return hours === 0 ? `about ${rounded} minutes` : `about ${hours} h ${rest}`;
}

/**
 * The course's times where the course README and the instructor's guide state them, against each lesson's
 * `lesson.json`: a lesson split into more tasks changes its minutes, and the tables must follow.
 * @param {string} [root]
 * @returns {string[]} the problems, each naming the file and what it should say
 */
export function lintCourseTimes(root = REPO_ROOT) {
  const lessons = listLessons(root);
  const minutesOf = (/** @type {import('../course/catalog.js').Lesson} */ lesson) =>
    (lesson.manifest.minutes?.reading ?? 0) + (lesson.manifest.minutes?.doing ?? 0);
  const total = lessons.reduce((sum, lesson) => sum + minutesOf(lesson), 0);
  const hours = `about ${Math.round(total / 60)} hours`;
  /** @type {string[]} */
  const problems = [];
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const lesson of lessons) {
    const row = readme.split('\n').find((line) => line.startsWith(`| ${lesson.number} | \`lessons/${lesson.slug}\``));
    const wanted = hoursAndMinutes(minutesOf(lesson));
    if (!row) problems.push(`README.md: the lessons table has no row for lesson ${lesson.number}`);
    else if (!row.trimEnd().endsWith(`| ${wanted} |`))
      problems.push(
        `README.md: lesson ${lesson.number}'s row should end with "${wanted}" (lesson.json: ${minutesOf(lesson)} minutes)`,
      );
  }
  if (!readme.toLowerCase().includes(`${hours} in all`))
    problems.push(`README.md: the lessons take ${total} minutes in all; say "${hours} in all"`);
  const guide = readFileSync(path.join(root, 'docs', 'instructor.md'), 'utf8').replace(/\s+/g, ' ');
  const listed = lessons.map((lesson) => `lesson ${lesson.number} about ${minutesOf(lesson)}`);
  for (const phrase of listed)
    if (!guide.includes(phrase))
      problems.push(`docs/instructor.md: "How long it takes" should say "${phrase}" (lesson.json)`);
  if (!guide.includes(`**${hours}** in all`))
    problems.push(`docs/instructor.md: "How long it takes" should say "**${hours}** in all" (${total} minutes)`);
  const minutesByLesson = new Map(lessons.map((lesson) => [lesson.number, minutesOf(lesson)]));
  problems.push(...staleLessonTimes(guide, minutesByLesson).map((problem) => `docs/instructor.md: ${problem}`));
  return problems;
}

/**
 * A whole lesson's time stated in passing, "lesson 4 (about 4 h 55)", that no longer says its lesson.json: the
 * homework lines of the plans. Only that form is read (a part of a lesson, "lesson 3 tasks 4–11 (about 2 h)",
 * is not a lesson's time), and a figure within 5 minutes of lesson.json stands, as authors round to 5.
 * @param {string} text
 * @param {Map<number, number>} minutesByLesson
 * @returns {string[]}
 */
export function staleLessonTimes(text, minutesByLesson) {
  /** @type {string[]} */
  const problems = [];
  for (const match of text.replace(/\s+/g, ' ').matchAll(/\blesson (\d+) \(about ([^)]*)\)/gi)) {
    const minutes = minutesByLesson.get(Number(match[1]));
    const stated = statedMinutes(match[2]);
    if (minutes === undefined || stated === undefined || Math.abs(stated - minutes) <= MINUTES_TOLERANCE) continue;
    problems.push(`"${match[0]}" should say "${hoursAndMinutes(minutes)}" (lesson.json: ${minutes} minutes)`);
  }
  return problems;
}

/** "4 h 55", "3½ h", "45 minutes" in minutes; undefined for anything else. @param {string} words */
function statedMinutes(words) {
  const hours = /^(\d+)(½)? h(?: (\d{1,2}))?$/.exec(words.trim());
  if (hours) return Number(hours[1]) * 60 + (hours[2] ? 30 : 0) + Number(hours[3] ?? 0);
  const minutes = /^(\d+) minutes$/.exec(words.trim());
  return minutes ? Number(minutes[1]) : undefined;
}
