/** The goals of the check loop, as ratios to the floor (issue 11). */
export const CHECK_GOALS = /** @type {Record<number, number>} */ ({ 1: 2.5, 2: 4.5, 3: 4.5, 4: 4.5 });
export const DEFAULT_CHECK_GOAL = 4.5;
/** `npm run lesson N` until it listens, and its restart after a save. */
export const LESSON_GOAL = 3;

/** @param {number} lesson */
export function checkGoal(lesson) {
  return CHECK_GOALS[lesson] ?? DEFAULT_CHECK_GOAL;
}

/** The floor every ratio divides by: Node plus loading Nest (`node` + these arguments). */
export const FLOOR_ARGS = ['-e', "await import('@nestjs/core')"];
export const FLOOR_TEXT = `node -e "await import('@nestjs/core')"`;
