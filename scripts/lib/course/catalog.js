import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../cli/usage-error.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * @typedef {object} Lesson
 * @property {number} number     1
 * @property {string} slug       '01-gateway-basics'
 * @property {string} name       'gateway-basics'
 * @property {string} title      the first heading of the lesson's README
 * @property {string | undefined} tryIt the one-line client `npm run lesson` prints: the README's
 *   `<!-- try-it: … -->` comment, with `{url}` standing for the app's URL
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
  const lessons = listLessons(root);
  const wanted = (arg ?? '').trim();
  const found = lessons.find(
    (lesson) => wanted === lesson.slug || (/^\d{1,2}$/.test(wanted) && Number(wanted) === lesson.number),
  );
  if (found) return found;
  const known = lessons.map((lesson) => `${lesson.number} ${lesson.name}`).join(', ');
  const what = wanted === '' ? 'no lesson given' : `no lesson ${wanted}`;
  throw new UsageError(`${what}: lessons are ${known}`);
}

/**
 * @typedef {{ number: number, title: string }} Task
 */

/**
 * The numbered items of the README's "Your tasks", each titled by its bold lead-in:
 * `1. **Refuse bad handshakes.** …` → `{ number: 1, title: 'Refuse bad handshakes' }`.
 * @param {Lesson} lesson
 * @returns {Task[]}
 */
export function listTasks(lesson) {
  const readmePath = path.join(lesson.starterDir, 'README.md');
  return existsSync(readmePath) ? parseTasks(readFileSync(readmePath, 'utf8')) : [];
}

/** @param {string} readme @returns {Task[]} */
export function parseTasks(readme) {
  const section = /^##\s+Your tasks\s*$([\s\S]*?)(?=^##\s|(?![\s\S]))/m.exec(readme)?.[1] ?? '';
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
  return {
    number: Number(slug.slice(0, 2)),
    slug,
    name: slug.slice(3),
    title: (heading ?? slug).replace(/^Lesson\s+\d+\s*[:·—-]\s*/i, '').trim(),
    tryIt: /^<!-- try-it: (.+) -->$/m.exec(readme)?.[1],
    starterDir: path.join(root, 'lessons', slug),
    solutionDir: path.join(root, 'solutions', slug),
    checkFile: path.join(root, 'checks', `${slug}.check.ts`),
  };
}
