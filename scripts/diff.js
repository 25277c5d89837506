import path from 'node:path';
import { findLesson } from './lib/course/catalog.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { publishedStarter } from './lib/course/pristine.js';
import { readTree } from './lib/course/source-tree.js';
import { colors } from './lib/cli/terminal.js';
import { withoutTodoComments } from './lib/course/todos.js';
import { diffTrees } from './lib/course/tree-diff.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';

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
  // Your work is compared as code: the TODO comments you have not deleted yet are not differences.
  const { files, todos: todosLeft } = flags.mine
    ? withoutTodoComments(readTree(path.join(lesson.starterDir, 'src')))
    : { files: publishedStarter(lesson), todos: 0 };
  const starter = { label: starterLabel, files };
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
    console.log(
      colors.dim(
        `${todosLeft} TODO comment${todosLeft === 1 ? '' : 's'} left in your code (not counted as differences).`,
      ),
    );
  }
  return 0;
});
