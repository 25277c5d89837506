import { BenchFailure } from '../cli/usage-error.js';

/**
 * `promise`, or a BenchFailure naming `what` once `ms` have passed; the timer is always cleared.
 * @template T
 * @param {Promise<T>} promise @param {number} ms @param {string} what e.g. "the app to answer POST /auth/login"
 * @returns {Promise<T>}
 */
export async function withDeadline(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new BenchFailure(`waited ${ms} ms for ${what}, in vain`)), ms);
  });
  try {
    return /** @type {T} */ (await Promise.race([promise, late]));
  } finally {
    clearTimeout(timer);
  }
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
