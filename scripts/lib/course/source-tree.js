import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file under `dir` as a map from its path relative to `dir` to its text.
 * @param {string} dir
 * @returns {Map<string, string>}
 */
export function readTree(dir) {
  const files = new Map();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
  }
  return files;
}
