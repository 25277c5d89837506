import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './app-under-test.js';

/** Kept for this many lesson-and-tree pairs, the most recent. */
const KEPT = 24;

interface Record {
  at: number;
  ms: { [title: string]: number };
}

/**
 * How long each check of a lesson took on its last run against a tree (`.course/check-times.json`), so that
 * the next run starts the longest first. Only an order: nothing is judged by it, and without it checks
 * start as they are declared.
 */
export class CheckTimes {
  private readonly file: string;
  private readonly key: string;

  constructor(lesson: string, tree: string, dir = path.join(REPO_ROOT, '.course')) {
    this.file = path.join(dir, 'check-times.json');
    this.key = `${tree}:${lesson}`;
  }

  /** The last run's time of each check, by title. */
  last(): Map<string, number> {
    return new Map(Object.entries(this.readAll()[this.key]?.ms ?? {}));
  }

  save(ms: Map<string, number>): void {
    if (ms.size === 0) return;
    const others = Object.entries(this.readAll())
      .filter(([key]) => key !== this.key)
      .sort(([, a], [, b]) => b.at - a.at);
    const kept = [[this.key, { at: Date.now(), ms: Object.fromEntries(ms) }] as const, ...others].slice(0, KEPT);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // Another run may write at the same time: each writes whole, and the last one stands.
      const temporary = `${this.file}.${process.pid}`;
      writeFileSync(temporary, JSON.stringify(Object.fromEntries(kept)));
      renameSync(temporary, this.file);
    } catch {
      // Only an order for next time: a run that cannot write it loses nothing.
    }
  }

  private readAll(): { [key: string]: Record } {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return parsed !== null && typeof parsed === 'object' ? (parsed as { [key: string]: Record }) : {};
    } catch {
      return {};
    }
  }
}
