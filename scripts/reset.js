import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { findLesson, REPO_ROOT } from './lib/course/catalog.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { filesAt, git, pristineRef } from './lib/course/pristine.js';
import { ProgressStore } from './lib/progress/progress.js';
import { colors } from './lib/cli/terminal.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';

const spec = {
  command: 'npm run reset',
  usage: 'npm run reset <lesson> [-- --yes]',
  flags: { yes: { type: /** @type {const} */ ('boolean'), describe: 'reset without asking' } },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  if (positionals.length === 0) throw new UsageError(`npm run reset: which lesson? Usage: ${spec.usage}`);
  const lesson = findLesson(positionals[0]);
  const dir = `lessons/${lesson.slug}`;
  const ref = pristineRef();
  if (!ref)
    throw new UsageError('npm run reset: this folder is not a git clone, so there is no pristine starter to restore');
  if (!flags.yes && !(await confirm(`Reset ${dir} to the starter? Your changes there will be lost. [y/N] `))) {
    console.log('Nothing was changed.');
    return 0;
  }
  const backup = backUp(lesson.slug);
  const pristine = filesAt(ref, dir);
  git(REPO_ROOT, ['checkout', ref, '--', dir]);
  git(REPO_ROOT, ['reset', '--quiet', '--', dir]);
  const removed = removeFilesNotIn(path.join(REPO_ROOT, dir), new Set(pristine.keys()));
  new ProgressStore().forget(lesson.slug);
  console.log(
    colors.green(`${dir} is the starter again`) +
      (removed > 0 ? ` (${removed} added file${removed === 1 ? '' : 's'} removed)` : '') +
      '.',
  );
  if (backup) console.log(colors.dim(`Your work was copied to ${backup} first; copy back what you want from there.`));
  return 0;
});

/**
 * Copies the lesson's current src/ to .course/backup/<lesson>-<time>/ before it is overwritten.
 * @param {string} slug @returns {string | undefined} the backup's path, relative to the course
 */
function backUp(slug) {
  const src = path.join(REPO_ROOT, 'lessons', slug, 'src');
  if (!existsSync(src)) return undefined;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(REPO_ROOT, '.course', 'backup', `${slug}-${stamp}`, 'src');
  cpSync(src, target, { recursive: true });
  return path.relative(REPO_ROOT, path.dirname(target));
}

/** @param {string} question */
async function confirm(question) {
  if (!process.stdin.isTTY) {
    throw new UsageError('npm run reset: no terminal to confirm on; add -- --yes to reset without asking');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/** Deletes files the learner added under `dir`. @param {string} dir @param {Set<string>} keep */
function removeFilesNotIn(dir, keep) {
  let removed = 0;
  if (!existsSync(dir)) return removed;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!keep.has(path.relative(REPO_ROOT, file).split(path.sep).join('/'))) {
      rmSync(file);
      removed += 1;
    }
  }
  return removed;
}
