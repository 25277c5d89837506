import { createTwoFilesPatch } from 'diff';

/** @typedef {import('../cli/terminal.js').Palette} Palette */

/**
 * A unified diff of two file trees, each given as a map from a path inside
 * the tree to its text, coloured for a terminal.
 * @param {{ label: string, files: Map<string, string> }} before
 * @param {{ label: string, files: Map<string, string> }} after
 * @param {Palette} style
 * @returns {{ text: string, changedFiles: number, added: number, removed: number }}
 */
export function diffTrees(before, after, style) {
  const out = [];
  let added = 0;
  let removed = 0;
  const patches = filePatches(before, after);
  for (const { patch } of patches) {
    for (const line of patch.split('\n').slice(1)) {
      if (line.startsWith('+++') || line.startsWith('---')) out.push(style.bold(line));
      else if (line.startsWith('@@')) out.push(style.cyan(line));
      else if (line.startsWith('+')) {
        added += 1;
        out.push(style.green(line));
      } else if (line.startsWith('-')) {
        removed += 1;
        out.push(style.red(line));
      } else if (line !== '\\ No newline at end of file') out.push(line);
    }
  }
  return { text: out.join('\n'), changedFiles: patches.length, added, removed };
}

/**
 * A unified patch (3 lines of context) for each file that differs between the two trees, in path order.
 * @param {{ label: string, files: Map<string, string> }} before
 * @param {{ label: string, files: Map<string, string> }} after
 * @returns {{ file: string, patch: string }[]}
 */
export function filePatches(before, after) {
  const paths = [...new Set([...before.files.keys(), ...after.files.keys()])].sort();
  const patches = [];
  for (const file of paths) {
    const oldText = before.files.get(file);
    const newText = after.files.get(file);
    if (oldText === newText) continue;
    const patch = createTwoFilesPatch(
      oldText === undefined ? '/dev/null' : `${before.label}/${file}`,
      newText === undefined ? '/dev/null' : `${after.label}/${file}`,
      oldText ?? '',
      newText ?? '',
      undefined,
      undefined,
      { context: 3 },
    );
    patches.push({ file, patch });
  }
  return patches;
}
