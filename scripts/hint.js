import { findLesson } from './lib/catalog.js';
import { parseCommandArgs } from './lib/cli-args.js';
import { ProgressStore } from './lib/progress.js';
import { colors } from './lib/terminal.js';
import { runCommand, UsageError } from './lib/usage-error.js';

const spec = { command: 'npm run hint', usage: 'npm run hint <lesson>', flags: {} };

await runCommand(async () => {
  const { positionals } = parseCommandArgs(spec);
  if (positionals.length === 0) throw new UsageError(`npm run hint: which lesson? Usage: ${spec.usage}`);
  const lesson = findLesson(positionals[0]);
  const store = new ProgressStore();
  const run = store.lesson(lesson.slug);
  if (!run) {
    console.log(`No checks have run for lesson ${lesson.number} yet. Run ${colors.bold(`npm run check ${lesson.number}`)} first.`);
    return 0;
  }
  const failing = run.checks.find((check) => check.status === 'failed');
  if (!failing) {
    console.log(colors.green(`Every check of lesson ${lesson.number} passed on the last run: no hint needed.`));
    return 0;
  }
  const hints = failing.hints ?? [];
  const shown = Math.min(hints.length, (run.hintTiers?.[failing.title] ?? 1) + 1);
  store.recordHintTiers(lesson.slug, failing.title, shown);
  console.log(`${colors.bold('Next check:')} ${failing.title}\n`);
  hints.slice(0, shown).forEach((hint, index) => console.log(`${colors.cyan(`Hint ${index + 1}/${hints.length}:`)} ${hint}`));
  console.log(
    colors.dim(
      shown < hints.length
        ? `\nRun npm run hint ${lesson.number} again for the next hint.`
        : `\nThat was the last hint. Still stuck? Compare with the solution: npm run diff ${lesson.number} -- --mine`,
    ),
  );
  return 0;
});
