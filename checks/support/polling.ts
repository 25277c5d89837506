import { patientTimeout } from './pace.js';

/**
 * For what no event announces (a server noticing that a client left, a timer
 * being cleared): asks `done()` every `every` ms until it holds or `within` ms
 * (patient time: see pace.ts) have passed, and says whether it held.
 */
export async function eventually(
  within: number,
  done: () => Promise<boolean> | boolean,
  every = 100,
): Promise<boolean> {
  let expired = false;
  const deadline = patientTimeout(() => (expired = true), within);
  try {
    for (;;) {
      if (await done()) return true;
      if (expired) return false;
      await new Promise((resolve) => setTimeout(resolve, every));
    }
  } finally {
    deadline.clear();
  }
}
