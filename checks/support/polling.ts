/**
 * For what no event announces (a server noticing that a client left, a timer
 * being cleared): asks `done()` every `every` ms until it holds or `within` ms
 * have passed, and says whether it held.
 */
export async function eventually(within: number, done: () => Promise<boolean> | boolean, every = 100): Promise<boolean> {
  const deadline = performance.now() + within;
  for (;;) {
    if (await done()) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
