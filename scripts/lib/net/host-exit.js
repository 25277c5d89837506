/** Where the course's Jest environment lends the real process's 'exit' to code that runs inside a check or a test. */
export const HOST_EXIT = Symbol.for('course.onHostExit');

/**
 * Calls `listener` when this process exits; returns what forgets it. Inside Jest, `process` is a copy whose
 * 'exit' never fires, so a check's private redis-server would outlive a run that was terminated:
 * there the course's environment (scripts/lib/checks/course-environment.js) lends the real one.
 * @param {() => void} listener
 * @returns {() => void}
 */
export function onHostExit(listener) {
  const lent = /** @type {((listener: () => void) => () => void) | undefined} */ (
    /** @type {any} */ (globalThis)[HOST_EXIT]
  );
  if (lent) return lent(listener);
  process.once('exit', listener);
  return () => process.removeListener('exit', listener);
}

/**
 * Ends this process through `process.exit` on SIGTERM or SIGHUP, after `say(signal)`: unlike Node's default
 * ending, that runs the 'exit' listeners, and with them the kill of every redis-server the run started.
 * @param {(signal: 'SIGTERM' | 'SIGHUP') => void} say
 */
export function exitOnTermination(say) {
  for (const [signal, code] of /** @type {const} */ ([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])) {
    process.once(signal, () => {
      say(signal);
      process.exit(code);
    });
  }
}
