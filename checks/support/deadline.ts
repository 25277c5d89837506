import { patientTimeout, type PatientTimer } from './pace.js';

/**
 * Resolves with `work`, or rejects with `onTimeout()` once `ms` have passed (patient time: see pace.ts).
 * The timer never outlives the wait.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: PatientTimer | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = patientTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    timer?.clear();
  }
}
