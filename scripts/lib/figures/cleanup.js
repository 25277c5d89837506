/**
 * Everything a bench opens (clients, streams, apps, Redis) registers how to
 * close it here. The end of a run and Ctrl+C close them the same way, newest
 * first, each within a deadline.
 */
export class Cleanup {
  constructor() {
    /** @type {Map<number, { what: string, close: () => unknown }>} */
    this.closers = new Map();
    this.next = 0;
  }

  /**
   * @param {string} what @param {() => unknown} close
   * @returns {() => void} forgets the closer once the resource was closed by other means
   */
  add(what, close) {
    const id = this.next++;
    this.closers.set(id, { what, close });
    return () => this.closers.delete(id);
  }

  /** Closes everything, newest first; a closer that fails or hangs does not stop the others. */
  async closeAll(deadlineMs = 5000) {
    const closers = [...this.closers.values()].reverse();
    this.closers.clear();
    for (const { close } of closers) {
      /** @type {NodeJS.Timeout | undefined} */
      let timer;
      await Promise.race([
        Promise.resolve()
          .then(close)
          .catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, deadlineMs))),
      ]);
      clearTimeout(timer);
    }
  }

  /**
   * On Ctrl+C (or SIGTERM): close everything, then exit 130.
   * @param {() => void} [before] e.g. clears the progress line
   */
  closeOnInterrupt(before = () => {}) {
    for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
      process.once(signal, async () => {
        before();
        process.stderr.write('Stopping: closing every client and process the bench opened…\n');
        await this.closeAll(3000);
        process.exit(130);
      });
    }
  }
}
