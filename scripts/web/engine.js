import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as catalog from '../lib/catalog.js';
import { ProgressStore } from '../lib/progress.js';

/**
 * The few engine functions the site needs, taken from the engine when it has
 * them (`listTasks` in catalog.js, `revealNextHint` in hint-tiers.js, the
 * `--json` mode of check.js), with a minimal stand-in of the same shape
 * until then.
 */

/** @typedef {import('../lib/catalog.js').Lesson} Lesson */
/** @typedef {{ number: number, title: string }} Task */

/**
 * The README's "Your tasks": `1. **Title.** …` items, numbered.
 * @param {Lesson} lesson
 * @returns {Task[]}
 */
export function listTasks(lesson) {
  const fromEngine = /** @type {{ listTasks?: (lesson: Lesson) => Task[] }} */ (catalog).listTasks;
  if (typeof fromEngine === 'function') return fromEngine(lesson);
  return tasksFromReadme(readReadme(lesson));
}

/** @param {string} readme @returns {Task[]} */
export function tasksFromReadme(readme) {
  const section = /^## Your tasks\s*$([\s\S]*?)(?=^## )/m.exec(`${readme}\n## `)?.[1] ?? '';
  /** @type {Task[]} */
  const tasks = [];
  for (const match of section.matchAll(/^(\d+)\.\s+\*\*(.+?)\*\*/gm)) {
    tasks.push({ number: Number(match[1]), title: match[2].trim().replace(/[.:]$/, '').replaceAll('`', '') });
  }
  return tasks;
}

/**
 * @typedef {object} HintReveal
 * @property {string} [title]   the check the hints are for (the first failing one)
 * @property {string[]} hints   every tier shown so far, tier 1 first
 * @property {number} total     how many tiers the check has
 * @property {string} [note]    when there is nothing to reveal: why
 */

/**
 * One more hint tier for the lesson's first failing check, recorded in the
 * progress file like `npm run hint N`.
 * @param {Lesson} lesson
 * @returns {Promise<HintReveal>}
 */
export async function revealNextHint(lesson) {
  // Not a literal: the module exists only once the engine has it.
  const enginePath = '../lib/hint-tiers.js';
  /** @type {{ revealNextHint?: (lesson: Lesson) => unknown } | undefined} */
  const engine = await import(enginePath).catch(() => undefined);
  if (typeof engine?.revealNextHint === 'function') return normalizeReveal(await engine.revealNextHint(lesson));
  return revealWithProgress(lesson, new ProgressStore());
}

/**
 * The stand-in: the same rule as `npm run hint`.
 * @param {Lesson} lesson @param {ProgressStore} store
 * @returns {HintReveal}
 */
export function revealWithProgress(lesson, store) {
  const run = store.lesson(lesson.slug);
  if (!run) return { hints: [], total: 0, note: `No checks have run for lesson ${lesson.number} yet.` };
  const failing = run.checks.find((check) => check.status === 'failed');
  if (!failing) return { hints: [], total: 0, note: `Every check of lesson ${lesson.number} passed on the last run: no hint needed.` };
  const hints = failing.hints ?? [];
  const shown = Math.min(hints.length, (run.hintTiers?.[failing.title] ?? 1) + 1);
  store.recordHintTiers(lesson.slug, failing.title, shown);
  return { title: failing.title, hints: hints.slice(0, shown), total: hints.length };
}

/** Whatever shape the engine answers in, as a HintReveal. @param {any} value @returns {HintReveal} */
function normalizeReveal(value) {
  if (!value || typeof value !== 'object') return { hints: [], total: 0, note: String(value ?? 'No hint.') };
  const hints = Array.isArray(value.hints) ? value.hints : Array.isArray(value.shown) ? value.shown : [];
  const shown = typeof value.shown === 'number' ? value.shown : hints.length;
  const all = Array.isArray(value.allHints) ? value.allHints : hints;
  return {
    title: value.title ?? value.check?.title,
    hints: all.slice(0, shown || all.length),
    total: typeof value.total === 'number' ? value.total : all.length,
    note: value.note ?? value.message,
  };
}

/**
 * The command that runs a lesson's checks and writes one JSON line per
 * result as it finishes, then an `end` line: check.js's `--json` when the
 * engine has it, else this site's check-json.js.
 * @param {Lesson} lesson @param {boolean} solution
 * @returns {string[]} node's arguments
 */
export function checkCommand(lesson, solution) {
  const script = engineHasJsonChecks() ? path.join(catalog.REPO_ROOT, 'scripts', 'check.js') : path.join(import.meta.dirname, 'check-json.js');
  return [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    script,
    String(lesson.number),
    ...(script.endsWith('check.js') ? ['--json'] : []),
    ...(solution ? ['--solution'] : []),
  ];
}

/** @type {boolean | undefined} */
let hasJson;
function engineHasJsonChecks() {
  hasJson ??= /\bjson\s*:\s*\{/.test(readFileSync(path.join(catalog.REPO_ROOT, 'scripts', 'check.js'), 'utf8'));
  return hasJson;
}

/** @param {Lesson} lesson */
export function readReadme(lesson) {
  try {
    return readFileSync(path.join(lesson.starterDir, 'README.md'), 'utf8');
  } catch {
    return '';
  }
}
