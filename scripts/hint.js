import { findLesson } from './lib/course/catalog.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { revealNextHint } from './lib/progress/hint-tiers.js';
import { colors, indentLines } from './lib/cli/terminal.js';
import { runCommand, UsageError } from './lib/cli/usage-error.js';

const spec = { command: 'npm run hint', usage: 'npm run hint <lesson>', flags: {} };

await runCommand(async () => {
  const { positionals } = parseCommandArgs(spec);
  if (positionals.length === 0) throw new UsageError(`npm run hint: which lesson? Usage: ${spec.usage}`);
  const lesson = findLesson(positionals[0]);
  const step = revealNextHint(lesson);
  if (step.status === 'no-run') {
    console.log(
      `No checks have run for lesson ${lesson.number} yet. Run ${colors.bold(`npm run check ${lesson.number}`)} first.`,
    );
  } else if (step.status === 'all-passed') {
    console.log(colors.green(`Every check of lesson ${lesson.number} passed on the last run: no hint needed.`));
  } else if (step.status === 'boot') {
    console.log(`On the last run the app did not start, so no check ran and no hint applies yet.`);
    console.log(
      colors.dim(`Fix the error npm run check ${lesson.number} shows (it names the file and line), then run it again.`),
    );
  } else if (step.status === 'gone') {
    console.log(`The check "${step.check}" that failed on your last run has changed since, so its hints have too.`);
    console.log(colors.dim(`Run npm run check ${lesson.number} again, then npm run hint ${lesson.number}.`));
  } else if (step.status === 'no-more') {
    console.log(`That was the last hint for "${step.check}" (${step.tiers} of ${step.tiers}).`);
    if (step.lead) console.log(colors.yellow(`First: ${step.lead}`));
    console.log(
      colors.dim(`Still stuck? Compare your code with the solution: npm run diff ${lesson.number} -- --mine`),
    );
  } else {
    const task = step.task ? ` · Task ${step.task}` : '';
    console.log(colors.cyan(colors.bold(`Hint ${step.tier}/${step.tiers} · ${step.check}`)) + colors.dim(task));
    if (step.lead) console.log(colors.yellow(indentLines(`First: ${step.lead}`, 2).join('\n')));
    console.log(indentLines(step.text ?? '', 2).join('\n'));
    console.log(
      colors.dim(
        (step.tier ?? 0) < (step.tiers ?? 0)
          ? `\nRun npm run hint ${lesson.number} again for hint ${(step.tier ?? 0) + 1}/${step.tiers}.`
          : `\nThat was the last hint. Still stuck? npm run diff ${lesson.number} -- --mine compares your code with the solution.`,
      ),
    );
  }
  return 0;
});
