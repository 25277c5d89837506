import { withDeadline as withWallClockDeadline, type StartTimer } from '../../scripts/lib/net/deadline.js';
import { patientTimeout } from './pace.js';

/** Starts a patient timer (see pace.ts), for the helpers in scripts/lib that take a `startTimer`. */
export const startPatientTimer: StartTimer = (fire, ms) => {
  const timer = patientTimeout(fire, ms);
  return () => timer.clear();
};

/**
 * Resolves with `work`, or rejects with `onTimeout()` once `ms` have passed in patient time: a busy
 * machine does not make a check's own wait expire early. The timer never outlives the wait.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return withWallClockDeadline(work, ms, onTimeout, { startTimer: startPatientTimer });
}
