import { requireAlone } from './current-check.js';
import { armedPatientTimers } from './pace.js';

/** The TCP sockets this process holds right now (clients, servers' connections, Redis). */
export function tcpSocketsNow(): number {
  requireAlone("counts the process's TCP sockets");
  return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
}

/**
 * The timers (setTimeout, setInterval) that keep this process alive right now, less the harness's own deadlines
 * (a wait that polls for this count would otherwise count its own deadline, and never see the count go down).
 */
export function activeTimers(): number {
  requireAlone("counts the process's timers");
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length - armedPatientTimers();
}

/**
 * activeTimers() once the short ones have run out: the lowest count over
 * `windowMs`. A connection closed just before holds a timer until its socket
 * is gone, and nothing announces that, hence a short poll.
 */
export async function settledTimers(windowMs = 40): Promise<number> {
  const end = performance.now() + windowMs;
  let lowest = activeTimers();
  while (performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    lowest = Math.min(lowest, activeTimers());
  }
  return lowest;
}

/**
 * Counts the timers (setTimeout, setInterval) that code of one file of the app sets from now until the check
 * ends: the returned function says how many of them are still active. So a check of one task counts the
 * timers its own task's file leaves behind, and not another task's.
 */
export function timersSetIn(t: { defer(cleanup: () => void): void }, file: string): () => number {
  requireAlone('watches every timer the process sets');
  const set = new Set<NodeJS.Timeout>();
  const real = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval };
  const fromFile = () => (new Error().stack ?? '').split('\n').some((line) => line.includes(file));
  for (const name of ['setTimeout', 'setInterval'] as const) {
    globalThis[name] = ((...args: Parameters<typeof setTimeout>) => {
      const timer = (real[name] as typeof setTimeout)(...args);
      if (fromFile()) set.add(timer);
      return timer;
    }) as typeof setTimeout & typeof setInterval;
  }
  t.defer(() => {
    Object.assign(globalThis, real);
  });
  // Node marks a timer that was cleared, or a setTimeout that fired, as destroyed.
  return () => [...set].filter((timer) => !(timer as unknown as { _destroyed?: boolean })._destroyed).length;
}
