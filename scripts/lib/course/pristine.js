import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './catalog.js';
import { readTree } from './source-tree.js';

/**
 * The git revision that holds the course as published: the clone's origin
 * (untouched by a learner's own commits) when there is one, else HEAD.
 * Undefined outside a git clone.
 * @returns {string | undefined}
 */
export function pristineRef(root = REPO_ROOT) {
  for (const ref of ['refs/remotes/origin/HEAD', 'HEAD']) {
    try {
      git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
      return ref === 'HEAD' ? 'HEAD' : 'origin/HEAD';
    } catch {
      // not this one; try the next
    }
  }
  return undefined;
}

/**
 * Every file under `dir` (relative to the repository) at `ref`, by path.
 * @param {string} ref @param {string} dir
 * @returns {Map<string, string>}
 */
export function filesAt(ref, dir, root = REPO_ROOT) {
  const names = git(root, ['ls-tree', '-r', '--name-only', ref, '--', dir]).split('\n').filter(Boolean);
  // One git process for all of them (`npm run check` names a task's files after every run): each answer is
  // `<object> blob <bytes>\n`, the bytes, then a newline.
  const out = execFileSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: names.map((name) => `${ref}:${name}\n`).join(''),
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = new Map();
  let at = 0;
  for (const name of names) {
    const headerEnd = out.indexOf(10, at);
    const [, type, size] = out.subarray(at, headerEnd).toString('utf8').split(' ');
    if (type !== 'blob') throw new Error(`git cat-file: ${ref}:${name} is not a file (${type})`);
    const start = headerEnd + 1;
    files.set(name, out.subarray(start, start + Number(size)).toString('utf8'));
    at = start + Number(size) + 1;
  }
  return files;
}

/** @param {string} root @param {string[]} args */
export function git(root, args) {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * A lesson's starter `src/` as published (git), by path inside `src/`, so a learner's edits don't hide
 * the exercise; the working tree outside a git clone.
 * @param {import('./catalog.js').Lesson} lesson
 * @returns {Map<string, string>}
 */
export function publishedStarter(lesson, root = REPO_ROOT) {
  const ref = pristineRef(root);
  if (!ref) return readTree(path.join(lesson.starterDir, 'src'));
  const prefix = `lessons/${lesson.slug}/src/`;
  const files = new Map();
  for (const [name, text] of filesAt(ref, prefix.slice(0, -1), root)) files.set(name.slice(prefix.length), text);
  return files;
}
