import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/course/catalog.js';
import type { Tree } from './app-under-test.js';

const COPIES = path.join(REPO_ROOT, '.course', 'fresh-copies');

export interface FreshCopy {
  /** A tree that holds the copy of the lesson's src/ alone. */
  tree: Tree;
  remove(): Promise<void>;
}

/**
 * A copy of the lesson's `src/` in a tree of its own, under `.course/`. Loaded from there, its modules are new to
 * this process: what they keep at their top level (a counter, a cache) starts afresh, as in a process that just
 * started, not where the apps of earlier checks left it.
 */
export async function freshCopyOf(tree: Tree, lesson: string): Promise<FreshCopy> {
  await mkdir(COPIES, { recursive: true });
  const root = await mkdtemp(path.join(COPIES, `${lesson}-`));
  await cp(path.join(path.resolve(REPO_ROOT, tree), lesson, 'src'), path.join(root, lesson, 'src'), {
    recursive: true,
  });
  return { tree: root, remove: () => rm(root, { recursive: true, force: true }) };
}
