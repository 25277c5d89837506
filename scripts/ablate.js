import { findLesson, listLessons } from './lib/catalog.js';
import { proveTasks } from './lib/ablation.js';
import { renderProofTable } from './lib/proof-table.js';
import { parseCommandArgs } from './lib/cli-args.js';
import { colors } from './lib/terminal.js';
import { runCommand } from './lib/usage-error.js';

/**
 * The per-task proof for instructors and lesson authors: every task of a
 * lesson, undone alone in a solved copy, must make one of its own checks fail.
 */
const spec = { command: 'npm run ablate', usage: 'npm run ablate [lesson]', flags: {} };

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
