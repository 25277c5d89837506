import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { findLesson } from './lib/course/catalog.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { publishedStarter } from './lib/course/pristine.js';
import { readTree } from './lib/course/source-tree.js';
import { colors } from './lib/cli/terminal.js';
import { withoutTodoComments } from './lib/course/todos.js';
import { diffTrees } from './lib/course/tree-diff.js';
import { ProgressStore } from './lib/progress/progress.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';

const spec = {
  command: 'npm run diff',
  usage: 'npm run diff <lesson> [-- --mine] [-- --yes]',
  flags: {
    mine: { type: /** @type {const} */ ('boolean'), describe: 'diff your current work against the solution' },
    yes: {
      type: /** @type {const} */ ('boolean'),
      describe: 'show the solution without asking, while checks still fail',
    },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  if (positionals.length === 0) throw new UsageError(`npm run diff: which lesson? Usage: ${spec.usage}`);
  const lesson = findLesson(positionals[0]);
  if (!(await solutionWanted(lesson, Boolean(flags.yes)))) return 0;
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

/**
 * While checks of the lesson still fail, the diff gives the whole answer away: ask once, and offer the
 * smaller step first. An answer of yes is remembered, so the question comes once per lesson.
 * @param {import('./lib/course/catalog.js').Lesson} lesson @param {boolean} yes
 */
async function solutionWanted(lesson, yes) {
  const store = new ProgressStore();
  const gate = store.solutionGate(lesson.slug);
  if (!gate) return true;
  const why =
    `Your last run of lesson ${lesson.number}'s checks passed ${gate.passed} of ${gate.total}: the diff shows the ` +
    `solution to what is left. The next hint is a smaller step: npm run hint ${lesson.number}.`;
  if (!yes) {
    if (!process.stdin.isTTY || !process.stdout.isTTY)
      throw new UsageError(`npm run diff: ${why} To see the solution anyway: npm run diff ${lesson.number} -- --yes`);
    console.log(why);
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await prompt.question('Show the solution? [y/N] ');
      if (!/^y(es)?$/i.test(answer.trim())) {
        console.log(`Not shown. npm run hint ${lesson.number} shows the next hint.`);
        return false;
      }
    } finally {
      prompt.close();
    }
  }
  store.markSolutionShown(lesson.slug);
  return true;
}
