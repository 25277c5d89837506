import { CheckFailure } from './check-failure.js';

/**
 * Resolves with `work`, or rejects with a CheckFailure carrying `onTimeout()`'s
 * message once `ms` have passed. The timer never outlives the wait.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(onTimeout())), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
