import { findLesson, listLessons } from './lib/course/catalog.js';
import { proveTasks, renderProofTable } from './lib/checks/task-proof.js';
import { parseCommandArgs } from './lib/cli/cli-args.js';
import { colors } from './lib/cli/terminal.js';
import { runCommand } from './lib/cli/usage-error.js';

/**
 * The per-task proof for instructors and lesson authors: every task of a
 * lesson, undone alone in a solved copy, must make one of its own checks fail.
 */
const spec = { command: 'npm run prove', usage: 'npm run prove [lesson]', flags: {} };

await runCommand(async () => {
  const { positionals } = parseCommandArgs(spec);
  const lessons = positionals.length > 0 ? [findLesson(positionals[0])] : listLessons();
  const proofs = [];
  for (const lesson of lessons) {
    process.stdout.write(colors.dim(`Lesson ${lesson.number}: undoing each task in a solved copy …\n`));
    proofs.push(...(await proveTasks(lesson)));
  }
  console.log(renderProofTable(proofs, colors).join('\n'));
  return proofs.every((proof) => proof.proven) ? 0 : 1;
});
