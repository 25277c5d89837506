import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../cli/usage-error.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * What a lesson is, besides its README (the learner's text, with the tasks): `lessons/NN-slug/lesson.json`.
 * @typedef {object} LessonManifest
 * @property {string} [namespace] the Socket.IO namespace of the lesson's gateway, e.g. '/chat'
 * @property {Record<string, string>} routes the HTTP routes the course's tools use, by role: login, ticket, stream, ready…
 * @property {{ name: string, id?: string, role?: string, password?: string }[]} users the seed users
 *   (lesson 1: only the names the playground gives its clients)
 * @property {{ panels: ('sockets' | 'sse' | 'login' | 'health' | 'refresh')[] }} playground what the page's playground offers
 * @property {{ module: string, clients: number, user?: string }} bench `npm run bench N`: its module under
 *   scripts/lib/load/, the clients (or streams) by default, the seed user it logs in as
 * @property {number} checkGoal `npm run time-course`'s goal for `npm run check N -- --solution`, as a ratio to the floor
 * @property {string} tryIt the one-line client `npm run lesson` prints, `{url}` standing for the app's URL
 * @property {{ reading: number, doing: number }} [minutes] how long the lesson takes a mid-level developer
 * @property {Record<string, number[]>} [buildsOn] by task number, the earlier tasks whose behaviour that task's
 *   checks stand on (a check of task 3 sends into a room task 2 lets it join): a failure of one of those leads
 *   a failure's hint (scripts/lib/checks/check-output.js hintLead)
 */

/**
 * @typedef {object} Lesson
 * @property {number} number     1
 * @property {string} slug       '01-gateway-basics'
 * @property {string} name       'gateway-basics'
 * @property {string} title      the first heading of the lesson's README
 * @property {LessonManifest} manifest lessons/<slug>/lesson.json
 * @property {string} starterDir absolute path of lessons/<slug>
 * @property {string} solutionDir absolute path of solutions/<slug>
 * @property {string} checkFile  absolute path of checks/<slug>.check.ts
 */

/** Every lesson in lessons/, in order. @returns {Lesson[]} */
export function listLessons(root = REPO_ROOT) {
  const dir = path.join(root, 'lessons');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-[a-z0-9-]+$/.test(entry.name))
    .map((entry) => toLesson(root, entry.name))
    .sort((a, b) => a.number - b.number);
}

/**
 * The lesson an argument names: `1`, `01` or `01-gateway-basics`.
 * @param {string | undefined} arg
 * @returns {Lesson}
 */
export function findLesson(arg, root = REPO_ROOT) {
  const found = lessonNamed(arg, root);
  if (found) return found;
  const wanted = (arg ?? '').trim();
  const known = listLessons(root)
    .map((lesson) => `${lesson.number} ${lesson.name}`)
    .join(', ');
  const what = wanted === '' ? 'no lesson given' : `no lesson ${wanted}`;
  throw new UsageError(`${what}: lessons are ${known}`);
}

/**
 * The lesson `arg` names (`1`, `01` or `01-gateway-basics`), or undefined.
 * @param {string | undefined} arg
 * @returns {Lesson | undefined}
 */
export function lessonNamed(arg, root = REPO_ROOT) {
  const wanted = (arg ?? '').trim();
  return listLessons(root).find(
    (lesson) => wanted === lesson.slug || (/^\d{1,2}$/.test(wanted) && Number(wanted) === lesson.number),
  );
}

/**
 * @typedef {{ number: number, title: string }} Task
 */

/**
 * The numbered items of the README's "Your tasks", each titled by its bold lead-in:
 * `1. **Refuse bad handshakes.** …` → `{ number: 1, title: 'Refuse bad handshakes' }`. They are the
 * roadmap that opens the section, above the first task's own "### Task 1 · …" section.
 * @param {Lesson} lesson
 * @returns {Task[]}
 */
export function listTasks(lesson) {
  const readmePath = path.join(lesson.starterDir, 'README.md');
  return existsSync(readmePath) ? parseTasks(readFileSync(readmePath, 'utf8')) : [];
}

/** @param {string} readme @returns {Task[]} */
export function parseTasks(readme) {
  const section = /^##\s+Your tasks\s*$([\s\S]*?)(?=^###?\s|(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^(\d+)\.\s+(.*)$/gm)].map((match) => {
    const bold = /^\*\*(.+?)\*\*/.exec(match[2])?.[1];
    const title = (bold ?? match[2].split(/[.:]\s/)[0]).replace(/[.:]\s*$/, '').trim();
    return { number: Number(match[1]), title };
  });
}

/** The tree a command works on. @param {Lesson} lesson @param {boolean} solution */
export function treeDir(lesson, solution) {
  return solution ? lesson.solutionDir : lesson.starterDir;
}

/** @param {string} root @param {string} slug @returns {Lesson} */
function toLesson(root, slug) {
  const readmePath = path.join(root, 'lessons', slug, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const heading = /^#\s+(.+)$/m.exec(readme)?.[1];
  const manifest = readManifest(path.join(root, 'lessons', slug, 'lesson.json'));
  return {
    number: Number(slug.slice(0, 2)),
    slug,
    name: slug.slice(3),
    title: (heading ?? slug).replace(/^Lesson\s+\d+\s*[:·—-]\s*/i, '').trim(),
    manifest,
    starterDir: path.join(root, 'lessons', slug),
    solutionDir: path.join(root, 'solutions', slug),
    checkFile: path.join(root, 'checks', `${slug}.check.ts`),
  };
}

/** @param {string} file @returns {LessonManifest} */
function readManifest(file) {
  if (!existsSync(file))
    throw new Error(
      `${path.relative(REPO_ROOT, file)} is missing: every lesson has a manifest (docs/writing-a-lesson.md)`,
    );
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${path.relative(REPO_ROOT, file)} is not valid JSON: ${/** @type {Error} */ (error).message}`, {
      cause: error,
    });
  }
}
