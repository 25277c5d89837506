/**
 * @typedef {(fire: () => void, ms: number) => () => void} StartTimer
 * Starts a timer that calls `fire` after `ms`, and returns what stops it.
 */

/** @type {StartTimer} */
export const wallClockTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

/**
 * Resolves with `work`, or rejects with `onTimeout()` once `ms` have passed.
 * The timer never outlives the wait. `startTimer` decides what "ms have passed" means (the checks pass
 * one that does not count the time a busy machine kept the process from running).
 * @template T
 * @param {Promise<T>} work @param {number} ms @param {() => Error} onTimeout
 * @param {{ startTimer?: StartTimer }} [options]
 * @returns {Promise<T>}
 */
export async function withDeadline(work, ms, onTimeout, { startTimer = wallClockTimer } = {}) {
  /** @type {(() => void) | undefined} */
  let stop;
  /** @type {Promise<never>} */
  const expired = new Promise((_, reject) => {
    stop = startTimer(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    stop?.();
  }
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
