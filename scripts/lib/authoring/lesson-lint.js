import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { readTree } from '../course/source-tree.js';
import { measureGiveaway } from './giveaway.js';
import { lintInheritance } from './inheritance-lint.js';
import { lintSketches } from './sketch-names.js';
import { declaredChecks } from '../checks/hint-source.js';
import { regionsOf } from '../course/todo-regions.js';
import { TODO_LINE } from '../course/todos.js';
import { parseCanNow, parseQuestions, QUESTIONS_FILE, RECAP_SECTION } from '../course/recap.js';
import { parseTasks } from '../course/catalog.js';
import { diagramProblems, readDiagram } from '../diagrams/mermaid-diagram.js';
import { writtenLines } from './lesson-size.js';
import { lintReadme, lintTime } from './readme-lint.js';

export { lintReadme, lintTime, README_SECTIONS } from './readme-lint.js';

const LOAD_DIR = fileURLToPath(new URL('../load/', import.meta.url));

/** The largest share of the solution's identifiers the TODO comments may already spell out. */
export const GIVEAWAY_LIMIT = 0.25;

/** How many questions a lesson ends with, and how long its recap of what the learner can now do is. */
export const QUESTIONS = { min: 3, max: 5 };
export const CAN_NOW = { min: 3, max: 6 };

/**
 * Everything wrong with a lesson's shape, as sentences; empty when it is sound.
 * @param {import('../course/catalog.js').Lesson} lesson
 * @returns {string[]}
 */
export function lintLesson(lesson) {
  const problems = [];
  const readmePath = path.join(lesson.starterDir, 'README.md');
  const starterSrc = path.join(lesson.starterDir, 'src');
  const solutionSrc = path.join(lesson.solutionDir, 'src');
  if (!existsSync(readmePath)) problems.push(`lessons/${lesson.slug}/README.md is missing`);
  if (!existsSync(starterSrc)) problems.push(`lessons/${lesson.slug}/src is missing`);
  if (!existsSync(solutionSrc)) problems.push(`solutions/${lesson.slug}/src is missing`);
  if (!existsSync(lesson.checkFile)) problems.push(`checks/${lesson.slug}.check.ts is missing`);
  if (problems.length > 0) return problems;

  const readme = readFileSync(readmePath, 'utf8');
  const starter = readTree(starterSrc);
  const solution = readTree(solutionSrc);
  problems.push(...lintReadme(readme));
  problems.push(...lintDiagrams(`lessons/${lesson.slug}/README.md`, readme));
  problems.push(...lintManifest(lesson.slug, lesson.manifest));
  const questionsPath = path.join(lesson.starterDir, QUESTIONS_FILE);
  problems.push(
    ...lintRecap(lesson.slug, readme, existsSync(questionsPath) ? readFileSync(questionsPath, 'utf8') : undefined),
  );
  problems.push(...lintTime(lesson.slug, readme, lesson.manifest, writtenLines(starter, solution)));
  problems.push(...lintFileSets(lesson.slug, starter, solution));
  problems.push(...lintTodos(lesson.slug, readme, starter, solution));
  for (const [file, starterText] of starter) {
    const solutionText = solution.get(file);
    if (solutionText !== undefined)
      problems.push(...lintDifferences(`${lesson.slug}/src/${file}`, starterText, solutionText));
  }
  problems.push(...lintInheritance(path.dirname(path.dirname(lesson.starterDir)), lesson.slug));
  problems.push(...lintSketches(lesson));
  problems.push(...lintAclHints(lesson.slug, readme, declaredChecks(lesson)));
  const giveaway = measureGiveaway(starter, solution);
  if (giveaway.share > GIVEAWAY_LIMIT) {
    problems.push(
      `the TODO comments give away ${Math.round(giveaway.share * 100)} % of the solution's identifiers (at most ${GIVEAWAY_LIMIT * 100} %): ` +
        `${giveaway.given.join(', ')}. Say what to build, and leave the how to the hints.`,
    );
  }
  return problems;
}

/**
 * The rules of an `ACL SETUSER` command, without the user's name and password: what it allows.
 * @param {string} command one `ACL SETUSER name …` line
 * @returns {string[]}
 */
export function aclRules(command) {
  return command
    .trim()
    .split(/\s+/)
    .slice(3)
    .filter((rule) => !rule.startsWith('>') && !rule.startsWith('#'));
}

/**
 * A hint that prints an ACL must allow what the README's ACL allows, word for word: a learner pastes
 * either into redis-cli, and a rule missing from one (say `+ping`) breaks the app only on their Redis.
 * @param {string} slug @param {string} readme @param {{ title: string; hints: string[] }[]} checks
 * @returns {string[]}
 */
export function lintAclHints(slug, readme, checks) {
  const pattern = /ACL SETUSER (?!default\b)[^\n'"`]+/g;
  const taught = [...readme.matchAll(pattern)].map((match) => match[0]);
  /** @type {string[]} */
  const problems = [];
  const hinted = checks.flatMap((check) =>
    check.hints.flatMap((hint) => [...hint.matchAll(pattern)].map((match) => ({ check, command: match[0] }))),
  );
  if (hinted.length === 0) return problems;
  if (taught.length !== 1) {
    problems.push(
      `lessons/${slug}/README.md: a hint prints an ACL SETUSER, so the README must teach exactly one on a single line (found ${taught.length})`,
    );
    return problems;
  }
  const want = aclRules(taught[0]);
  for (const { check, command } of hinted) {
    const have = aclRules(command);
    const missing = want.filter((rule) => !have.includes(rule));
    const extra = have.filter((rule) => !want.includes(rule));
    if (missing.length > 0 || extra.length > 0)
      problems.push(
        `checks/${slug}.check.ts: the hint of "${check.title}" prints an ACL that differs from the README's` +
          (missing.length > 0 ? `; it lacks ${missing.join(' ')}` : '') +
          (extra.length > 0 ? `; it adds ${extra.join(' ')}` : ''),
      );
  }
  return problems;
}

/**
 * Every ```mermaid block of a README is drawn by the page and the terminal: each must be read whole by
 * the renderer (it skips what it does not understand without a word), and name itself with accTitle
 * and accDescr, the drawing's accessible name and description.
 * @param {string} file the README's path, for the messages @param {string} readme
 * @returns {string[]} `file:line: …`, the line in the README
 */
export function lintDiagrams(file, readme) {
  const problems = [];
  for (const token of new MarkdownIt().parse(readme, {})) {
    if (token.type !== 'fence' || token.info.trim() !== 'mermaid' || !token.map) continue;
    const fenceLine = token.map[0] + 1;
    const { title, description } = readDiagram(token.content);
    if (!title || !description)
      problems.push(
        `${file}:${fenceLine}: the diagram needs an accTitle and an accDescr line (its accessible name and description)`,
      );
    for (const { line, message } of diagramProblems(token.content))
      problems.push(`${file}:${fenceLine + line}: the diagram does not parse: ${message}`);
  }
  return problems;
}

const PANELS = ['sockets', 'sse', 'login', 'health', 'refresh'];

/**
 * What the course's tools need from a lesson's lesson.json (see docs/writing-a-lesson.md).
 * @param {string} slug @param {import('../course/catalog.js').LessonManifest} manifest
 * @returns {string[]}
 */
export function lintManifest(slug, manifest) {
  const where = `lessons/${slug}/lesson.json`;
  const problems = [];
  const routes = manifest.routes ?? {};
  const users = Array.isArray(manifest.users) ? manifest.users : [];
  const panels = manifest.playground?.panels ?? [];
  if (typeof manifest.routes !== 'object') problems.push(`${where} has no "routes" object`);
  if (!Array.isArray(manifest.users) || users.some((user) => typeof user?.name !== 'string'))
    problems.push(`${where}: "users" must be a list of { name, … }`);
  if (!Array.isArray(manifest.playground?.panels) || panels.some((panel) => !PANELS.includes(panel))) {
    problems.push(`${where}: "playground.panels" must list some of ${PANELS.join(', ')}`);
  }
  if (panels.includes('sockets') && typeof manifest.namespace !== 'string')
    problems.push(`${where}: the sockets panel needs "namespace"`);
  if (panels.includes('sse') && typeof routes.stream !== 'string')
    problems.push(`${where}: the sse panel needs "routes.stream"`);
  if (panels.includes('login') && (typeof routes.login !== 'string' || !users.some((user) => user.password))) {
    problems.push(`${where}: the login panel needs "routes.login" and users with passwords`);
  }
  if (panels.includes('health') && typeof routes.ready !== 'string')
    problems.push(`${where}: the health panel needs "routes.ready"`);
  if (manifest.bench !== undefined) {
    if (!existsSync(path.join(LOAD_DIR, String(manifest.bench.module))))
      problems.push(`${where}: bench.module "${manifest.bench.module}" is not in scripts/lib/load/`);
    if (!Number.isInteger(manifest.bench.clients) || manifest.bench.clients < 1)
      problems.push(`${where}: bench.clients must be a whole number`);
  }
  if (typeof manifest.checkGoal !== 'number' || !(manifest.checkGoal > 1))
    problems.push(`${where}: "checkGoal" must be a ratio to the floor, above 1`);
  if (typeof manifest.tryIt !== 'string' || !manifest.tryIt.includes('{url}')) {
    problems.push(`${where}: "tryIt" must be the one-line client npm run lesson prints, with {url} for the app's URL`);
  }
  for (const [task, under] of Object.entries(manifest.buildsOn ?? {})) {
    if (!/^\d+$/.test(task) || !Array.isArray(under) || under.some((earlier) => !(earlier < Number(task))))
      problems.push(`${where}: "buildsOn" maps a task number to the earlier task numbers it builds on ("${task}")`);
  }
  return problems;
}

/**
 * The lesson ends with what the learner can now do (a short list in the README)
 * and questions that check it, each with an answer (questions.md, shown on demand).
 * @param {string} slug @param {string} readme @param {string | undefined} questionsText
 * @returns {string[]}
 */
export function lintRecap(slug, readme, questionsText) {
  const problems = [];
  const canNow = parseCanNow(readme);
  if (canNow.length < CAN_NOW.min || canNow.length > CAN_NOW.max) {
    problems.push(
      `README's "## ${RECAP_SECTION}" lists ${canNow.length} ${canNow.length === 1 ? 'thing' : 'things'} the learner can now do (${CAN_NOW.min} to ${CAN_NOW.max}, one "- " line each)`,
    );
  }
  const where = `lessons/${slug}/${QUESTIONS_FILE}`;
  if (questionsText === undefined)
    return [...problems, `${where} is missing: the lesson's questions, with their answers`];
  const questions = parseQuestions(questionsText);
  if (questions.length < QUESTIONS.min || questions.length > QUESTIONS.max) {
    problems.push(`${where} has ${questions.length} questions ("## " headings; ${QUESTIONS.min} to ${QUESTIONS.max})`);
  }
  for (const [index, { question, answer }] of questions.entries()) {
    if (question === '') problems.push(`${where}: question ${index + 1} has an empty heading`);
    if (answer === '') problems.push(`${where}: question ${index + 1} has no answer under its heading`);
  }
  return problems;
}

/** @param {string} slug @param {Map<string, string>} starter @param {Map<string, string>} solution */
function lintFileSets(slug, starter, solution) {
  const problems = [];
  for (const file of starter.keys()) {
    if (!solution.has(file)) problems.push(`lessons/${slug}/src/${file} has no counterpart in solutions/${slug}/src`);
  }
  for (const file of solution.keys()) {
    if (!starter.has(file)) problems.push(`solutions/${slug}/src/${file} has no counterpart in lessons/${slug}/src`);
  }
  return problems;
}

/**
 * The starter has TODOs numbered like the README's task list; the solution has none.
 * @param {string} slug @param {string} readme @param {Map<string, string>} starter @param {Map<string, string>} solution
 */
function lintTodos(slug, readme, starter, solution) {
  const problems = [];
  const tasks = new Set();
  for (const text of starter.values()) {
    for (const line of text.split('\n')) {
      const match = TODO_LINE.exec(line);
      if (match) tasks.add(Number(match[1]));
    }
  }
  if (tasks.size === 0) problems.push(`lessons/${slug}/src has no "// TODO n:" lines`);
  for (const [file, text] of solution) {
    const line = text.split('\n').findIndex((candidate) => /\bTODO\b/.test(candidate));
    if (line !== -1) problems.push(`solutions/${slug}/src/${file}:${line + 1} still has a TODO`);
  }
  const listed = parseTasks(readme).length;
  for (const task of tasks) {
    if (task < 1 || task > listed)
      problems.push(`TODO ${task} has no matching item in the README's "Your tasks" list (it has ${listed})`);
  }
  for (let task = 1; task <= listed; task += 1) {
    if (!tasks.has(task))
      problems.push(`task ${task} of the README's "Your tasks" has no "// TODO ${task}:" in the starter`);
  }
  return problems;
}

/**
 * Every block where the starter and the solution differ must be a TODO
 * region of one task (a TODO line inside it, or just above it), or lie in
 * the file's import block.
 * @param {string} file @param {string} starterText @param {string} solutionText
 */
export function lintDifferences(file, starterText, solutionText) {
  const problems = [];
  for (const region of regionsOf(starterText, solutionText)) {
    if (region.imports) continue;
    const shown = [...region.starter.map((line) => `-${line}`), ...region.solution.map((line) => `+${line}`)]
      .slice(0, 2)
      .map((line) => line.replace(/\n$/, ''))
      .join(' ⏎ ')
      .slice(0, 120);
    if (region.task === undefined) {
      problems.push(`lessons/${file}:${region.line} differs from the solution outside a TODO region (${shown})`);
    } else if (region.tasks.length > 1) {
      problems.push(
        `lessons/${file}:${region.line} is one region for TODOs ${region.tasks.join(' and ')}: keep an unchanged line between the regions of different tasks`,
      );
    }
  }
  return problems;
}
