import path from 'node:path';
import { findLesson, REPO_ROOT } from './lib/catalog.js';
import { parseCommandArgs } from './lib/cli-args.js';
import { filesAt, pristineRef } from './lib/pristine.js';
import { readTree } from './lib/source-tree.js';
import { colors } from './lib/terminal.js';
import { TODO_LINE } from './lib/todos.js';
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
  // Your work is compared as code: the TODO comments you have not deleted yet are not differences.
  const todosLeft = flags.mine ? countTodoComments(starter.files) : 0;
  if (flags.mine) starter.files = withoutTodoComments(starter.files);
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
  if (todosLeft > 0) {
    console.log(colors.dim(`${todosLeft} TODO comment${todosLeft === 1 ? '' : 's'} left in your code (not counted as differences).`));
  }
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

/** @param {Map<string, string>} files */
function countTodoComments(files) {
  return [...files.values()].reduce((sum, text) => sum + text.split('\n').filter((line) => TODO_LINE.test(line)).length, 0);
}

/** Each file without its TODO comments (the `// TODO n:` line and its continuation lines). @param {Map<string, string>} files */
function withoutTodoComments(files) {
  const stripped = new Map();
  for (const [file, text] of files) {
    const kept = [];
    let inTodo = false;
    for (const line of text.split('\n')) {
      if (TODO_LINE.test(line)) inTodo = true;
      else if (!(inTodo && /^\s*\/\/\s{2,}\S/.test(line))) inTodo = false;
      if (!inTodo) kept.push(line);
    }
    stripped.set(file, kept.join('\n'));
  }
  return stripped;
}
