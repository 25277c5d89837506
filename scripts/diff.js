import path from 'node:path';
import { findLesson, REPO_ROOT } from './lib/catalog.js';
import { parseCommandArgs } from './lib/cli-args.js';
import { filesAt, pristineRef } from './lib/pristine.js';
import { readTree } from './lib/source-tree.js';
import { colors } from './lib/terminal.js';
import { diffTrees } from './lib/tree-diff.js';
import { runCommand, UsageError } from './lib/usage-error.js';

const spec = {
  command: 'npm run diff',
  usage: 'npm run diff <lesson> [-- --mine]',
  flags: {
    mine: { type: /** @type {const} */ ('boolean'), describe: 'diff your current work against the solution' },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  if (positionals.length === 0) throw new UsageError(`npm run diff: which lesson? Usage: ${spec.usage}`);
  const lesson = findLesson(positionals[0]);
  const starterLabel = `lessons/${lesson.slug}/src`;
  const solutionLabel = `solutions/${lesson.slug}/src`;
  const solution = { label: solutionLabel, files: readTree(path.join(lesson.solutionDir, 'src')) };
  const starter = flags.mine
    ? { label: starterLabel, files: readTree(path.join(lesson.starterDir, 'src')) }
    : { label: starterLabel, files: pristineStarter(starterLabel) };
  const { text, changedFiles, added, removed } = diffTrees(starter, solution, colors);
  const what = flags.mine ? 'your work → solution' : 'starter → solution';
  console.log(colors.bold(`Lesson ${lesson.number} · ${lesson.title}: ${what}\n`));
  if (text) console.log(text);
  console.log(
    colors.dim(
      changedFiles === 0
        ? '\nNo differences.'
        : `\n${changedFiles} file${changedFiles === 1 ? '' : 's'} differ: +${added} −${removed} lines.`,
    ),
  );
  return 0;
});

/** The starter as published (git), so a learner's edits don't hide the exercise. @param {string} dir */
function pristineStarter(dir) {
  const ref = pristineRef();
  if (!ref) return readTree(path.join(REPO_ROOT, dir));
  const prefix = `${dir}/`;
  const files = new Map();
  for (const [name, text] of filesAt(ref, dir)) files.set(name.slice(prefix.length), text);
  return files;
}
