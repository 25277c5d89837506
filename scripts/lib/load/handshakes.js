import { openChatSocket } from './chat-clients.js';
import { perSecond, summarize } from '../figures/stats.js';

const HANDSHAKE_DEADLINE_MS = 5000;
const TICK_MS = 100;

/**
 * @typedef {'accepted' | 'refused' | 'timed out'} Outcome
 * @typedef {object} HandshakeResult
 * @property {number} ms
 * @property {number} accepted          valid token, connected
 * @property {number} refused           bad token, refused with connect_error
 * @property {number} acceptedPerSecond
 * @property {number} refusedPerSecond
 * @property {import('../figures/stats.js').Summary} toAccept   ms from the start of the handshake to `connect`
 * @property {import('../figures/stats.js').Summary} toRefuse   ms to `connect_error`
 * @property {number} validRefused      valid tokens refused: the app's auth is wrong
 * @property {number} badAccepted       bad tokens accepted: the app's auth is wrong, and dangerously so
 * @property {number} timedOut
 * @property {string | undefined} validRefusedReason
 */

/**
 * `workers` clients at a time open chat connections for `seconds`, one after
 * another, half of them with a valid token (each connection is closed once
 * accepted) and half with a bad one.
 * @param {{ base: URL, token: string, badToken: string, workers: number, seconds: number,
 *   cleanup: import('../figures/cleanup.js').Cleanup, onTick: (fraction: number, done: number) => void }} options
 * @returns {Promise<HandshakeResult>}
 */
export async function measureHandshakes({ base, token, badToken, workers, seconds, cleanup, onTick }) {
  /** @type {Record<'valid' | 'bad', Record<Outcome, number[]>>} */
  const times = {
    valid: { accepted: [], refused: [], 'timed out': [] },
    bad: { accepted: [], refused: [], 'timed out': [] },
  };
  /** @type {string | undefined} */
  let validRefusedReason;
  const startedAt = performance.now();
  const endsAt = startedAt + seconds * 1000;
  const done = () => times.valid.accepted.length + times.bad.refused.length;
  const ticker = setInterval(
    () => onTick(Math.min(1, (performance.now() - startedAt) / (seconds * 1000)), done()),
    TICK_MS,
  );

  const worker = async (/** @type {number} */ index) => {
    for (let round = index; performance.now() < endsAt; round += 1) {
      const kind = round % 2 === 0 ? 'valid' : 'bad';
      const { outcome, ms, reason } = await handshake(base, kind === 'valid' ? token : badToken, cleanup);
      times[kind][outcome].push(ms);
      if (kind === 'valid' && outcome === 'refused') validRefusedReason ??= reason;
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  } finally {
    clearInterval(ticker);
  }
  const ms = performance.now() - startedAt;
  return {
    ms,
    accepted: times.valid.accepted.length,
    refused: times.bad.refused.length,
    acceptedPerSecond: perSecond(times.valid.accepted.length, ms),
    refusedPerSecond: perSecond(times.bad.refused.length, ms),
    toAccept: summarize(times.valid.accepted),
    toRefuse: summarize(times.bad.refused),
    validRefused: times.valid.refused.length,
    badAccepted: times.bad.accepted.length,
    timedOut: times.valid['timed out'].length + times.bad['timed out'].length,
    validRefusedReason,
  };
}

/**
 * One handshake, from the client's first byte to `connect` or `connect_error`; the socket is always closed.
 * @param {URL} base @param {string} token @param {import('../figures/cleanup.js').Cleanup} cleanup
 * @returns {Promise<{ outcome: Outcome, ms: number, reason?: string }>}
 */
function handshake(base, token, cleanup) {
  const startedAt = performance.now();
  const socket = openChatSocket(base, token);
  const forget = cleanup.add('a handshake', () => socket.close());
  return new Promise((resolve) => {
    /** @param {Outcome} outcome @param {string} [reason] */
    const finish = (outcome, reason) => {
      clearTimeout(timer);
      socket.close();
      forget();
      resolve({ outcome, ms: performance.now() - startedAt, reason });
    };
    const timer = setTimeout(() => finish('timed out'), HANDSHAKE_DEADLINE_MS + 1000);
    socket.once('connect', () => finish('accepted'));
    socket.once('connect_error', (/** @type {Error & { data?: { reason?: string } }} */ error) =>
      /timeout/i.test(error.message) && !error.data
        ? finish('timed out')
        : finish('refused', error.data?.reason ?? error.message),
    );
  });
}
