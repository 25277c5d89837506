/** @typedef {import('./ablation.js').TaskProof} TaskProof */
/** @typedef {import('./terminal.js').Palette} Palette */

/**
 * The per-task proof as a table: lesson × task, and the check that failed
 * first when the task was left undone.
 * @param {TaskProof[]} proofs @param {Palette} style
 * @returns {string[]}
 */
export function renderProofTable(proofs, style) {
  const lines = [style.bold('Every task proven needed: each undone alone in a solved copy makes its own check fail first')];
  for (const proof of proofs) {
    const where = `${proof.lesson.slice(0, 2)} · task ${proof.task} ${proof.title}`;
    const seconds = style.dim(`(${(proof.ms / 1000).toFixed(1)} s)`);
    if (proof.proven) {
      lines.push(`  ${style.green('✓')} ${where.padEnd(48)} ${style.dim('fails first:')} ${proof.firstFailure?.title} ${seconds}`);
      if (proof.flaky) lines.push(style.yellow(`      on a second run: ${proof.flaky}`));
    } else {
      lines.push(`  ${style.red('✗')} ${where.padEnd(48)} ${style.red(proof.problem ?? 'not proven')} ${seconds}`);
    }
  }
  return lines;
}
