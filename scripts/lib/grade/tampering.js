import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What grading always takes from the course, never from the learner. */
export const COURSE_OWNED = ['checks', 'solutions', 'scripts', 'package.json', 'package-lock.json'];

/**
 * The paths under the course-owned roots where the learner's copy differs
 * from the course: changed, added or removed files. A root the learner's copy
 * does not hold at all (a download of lessons/ only) is not a difference.
 * Line endings are ignored (a Windows checkout is not an edit).
 * @param {string} learnerDir @param {string} courseDir
 * @returns {string[]} sorted, with '/' separators
 */
export function findTampering(learnerDir, courseDir) {
  const differ = [];
  for (const root of COURSE_OWNED) {
    const mine = path.join(learnerDir, root);
    if (!existsSync(mine)) continue;
    const theirs = path.join(courseDir, root);
    const mineFiles = listFiles(mine, root);
    const courseFiles = existsSync(theirs) ? listFiles(theirs, root) : new Map();
    for (const [file, absolute] of mineFiles) {
      const original = courseFiles.get(file);
      if (original === undefined || !sameText(absolute, original)) differ.push(file);
    }
    for (const file of courseFiles.keys()) if (!mineFiles.has(file)) differ.push(file);
  }
  return differ.sort();
}

/** @param {string} at a file or a folder @param {string} name its path relative to the copy's root @returns {Map<string, string>} */
function listFiles(at, name) {
  const files = new Map();
  if (statSync(at).isFile()) return files.set(name, at);
  for (const entry of readdirSync(at, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files.set(path.join(name, path.relative(at, absolute)).split(path.sep).join('/'), absolute);
  }
  return files;
}

/** @param {string} a @param {string} b */
function sameText(a, b) {
  const read = (/** @type {string} */ file) => readFileSync(file, 'utf8').replaceAll('\r\n', '\n');
  return read(a) === read(b);
}
