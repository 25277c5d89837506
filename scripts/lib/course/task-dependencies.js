/**
 * The earlier tasks a task's checks stand on: those its lesson.json's `buildsOn` names for it, and the ones
 * those stand on in turn. A task not named there stands on none: its checks fail for reasons of its own.
 * @param {Record<string, number[]> | undefined} buildsOn lesson.json's `buildsOn`, task number → the tasks it builds on
 * @param {number} task
 * @returns {Set<number>}
 */
export function tasksUnder(buildsOn, task) {
  /** @type {Set<number>} */
  const found = new Set();
  const pending = [...(buildsOn?.[String(task)] ?? [])];
  while (pending.length > 0) {
    const next = /** @type {number} */ (pending.pop());
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...(buildsOn?.[String(next)] ?? []));
  }
  return found;
}
