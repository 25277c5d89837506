/**
 * Resolves with `work`, or rejects with `onTimeout()` once `ms` have passed.
 * The timer never outlives the wait.
 * @template T
 * @param {Promise<T>} work @param {number} ms @param {() => Error} onTimeout
 * @returns {Promise<T>}
 */
export async function withDeadline(work, ms, onTimeout) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  /** @type {Promise<never>} */
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
