import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './catalog.js';

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
  return new Map(names.map((name) => [name, git(root, ['show', `${ref}:${name}`])]));
}

/** @param {string} root @param {string[]} args */
export function git(root, args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}
