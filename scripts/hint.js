import { findLesson, listTasks } from './lib/course/catalog.js';
import { HINTS_START_OVER, taskHeading } from './lib/checks/check-output.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { revealNextHint } from './lib/progress/hint-tiers.js';
import { colors, indentLines } from './lib/cli/terminal.js';
import { taskNamed } from './lib/course/task-argument.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';

const spec = {
  command: 'npm run hint',
  usage: 'npm run hint <lesson> [-- --task <n>]',
  flags: {
    task: {
      type: /** @type {const} */ ('string'),
      describe:
        "the next hint for this task's first failing check (its first check before any run), to read ahead or read again",
    },
  },
};

await runCommand(async () => {
  const { positionals, flags } = parseCommandArgs(spec);
  if (positionals.length === 0) throw new UsageError(`npm run hint: which lesson? Usage: ${spec.usage}`);
  const lesson = findLesson(positionals[0]);
  const task = flags.task === undefined ? undefined : taskNamed(lesson, flags.task, 'npm run hint').number;
  // The command that shows the next tier of the same check: with --task, the same task's.
  const again = `npm run hint ${lesson.number}${task === undefined ? '' : ` -- --task ${task}`}`;
  const step = revealNextHint(lesson, undefined, undefined, { task });
  if (step.status === 'no-run') {
    console.log(
      `No checks have run for lesson ${lesson.number} yet. Run ${colors.bold(`npm run check ${lesson.number}`)} first.`,
    );
    console.log(colors.dim(`To read a task's hints before then: npm run hint ${lesson.number} -- --task 1`));
  } else if (step.status === 'all-passed') {
    console.log(colors.green(`Every check of lesson ${lesson.number} passed on the last run: no hint needed.`));
  } else if (step.status === 'task-passed') {
    const heading = taskHeading(step.task, listTasks(lesson));
    console.log(colors.green(`Every check of ${heading} passed on the last run: no hint needed.`));
    if (step.readBefore?.length) console.log('Its hints, to read again:');
    for (const { check, hints } of step.readBefore ?? []) {
      console.log(colors.cyan(colors.bold(`\n${check}`)));
      hints.forEach((hint, index) => console.log(indentLines(`${index + 1}. ${hint}`, 2).join('\n')));
    }
  } else if (step.status === 'boot') {
    console.log(`On the last run the app did not start, so no check ran and no hint applies yet.`);
    console.log(
      colors.dim(`Fix the error npm run check ${lesson.number} shows (it names the file and line), then run it again.`),
    );
  } else if (step.status === 'gone') {
    console.log(`The check "${step.check}" that failed on your last run has changed since, so its hints have too.`);
    console.log(colors.dim(`Run npm run check ${lesson.number} again, then ${again}.`));
  } else if (step.status === 'no-more') {
    console.log(`That was the last hint for "${step.check}" (${step.tiers} of ${step.tiers}).`);
    if (step.lead) console.log(colors.yellow(`First: ${step.lead}`));
    console.log(
      colors.dim(`Still stuck? Compare your code with the solution: npm run diff ${lesson.number} -- --mine`),
    );
  } else {
    const task = step.task ? ` · Task ${step.task}` : '';
    console.log(colors.cyan(colors.bold(`Hint ${step.tier}/${step.tiers} · ${step.check}`)) + colors.dim(task));
    if (step.startsOver) console.log(colors.yellow(indentLines(HINTS_START_OVER, 2).join('\n')));
    if (step.lead) console.log(colors.yellow(indentLines(`First: ${step.lead}`, 2).join('\n')));
    console.log(indentLines(step.text ?? '', 2).join('\n'));
    console.log(
      colors.dim(
        (step.tier ?? 0) < (step.tiers ?? 0)
          ? `\nRun ${again} again for hint ${(step.tier ?? 0) + 1}/${step.tiers}.`
          : `\nThat was the last hint. Still stuck? npm run diff ${lesson.number} -- --mine compares your code with the solution.`,
      ),
    );
  }
  return 0;
});
