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
