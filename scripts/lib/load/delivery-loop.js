import { BenchFailure } from '../cli/usage-error.js';
import { DeliveryTracker } from './delivery-tracker.js';
import { summarize, perSecond } from '../figures/stats.js';

const TICK_MS = 100;
/** Messages sent but not yet received by every client: the loop keeps this many going. */
export const WINDOW = 8;
const MESSAGE_DEADLINE_MS = 5000;

/**
 * @typedef {object} DeliveryResult
 * @property {number} ms          from the first send to the last delivery
 * @property {number} sent
 * @property {number} delivered
 * @property {number} lost        deliveries that did not arrive within 5 s
 * @property {number} refused     messages the app refused
 * @property {number} messagesPerSecond  messages fully sent per second
 * @property {number} deliveriesPerSecond
 * @property {import('../figures/stats.js').Summary} latency  send to receipt, in ms
 */

/**
 * Sends messages for `seconds`, at most 8 in flight (a message is in flight
 * until every receiver has it), and measures what arrives. The caller wires
 * its receivers to the returned tracker's `received(seq)` through `onReady`.
 * @param {object} options
 * @param {number} options.receivers how many clients receive every message
 * @param {number} options.seconds
 * @param {(seq: number) => Promise<true | string>} options.send resolves true, or why the app refused the message
 * @param {(deliver: (seq: number) => void) => void} options.onReady gets the function receivers call on each receipt
 * @param {(fraction: number, tracker: DeliveryTracker) => void} options.onTick progress, every 100 ms
 * @param {string} options.what what a delivery is, for failures: "message:new"
 * @returns {Promise<DeliveryResult>}
 */
export async function runDeliveryLoop({ receivers, seconds, send, onReady, onTick, what }) {
  const tracker = new DeliveryTracker({ receivers, window: WINDOW, deadlineMs: MESSAGE_DEADLINE_MS });
  const startedAt = performance.now();
  const sendingEndsAt = startedAt + seconds * 1000;
  /** @type {string | undefined} */
  let refusal;
  let sending = 0;

  const pump = () => {
    while (performance.now() < sendingEndsAt && tracker.hasRoom()) {
      const seq = tracker.send();
      sending += 1;
      send(seq)
        .then((answer) => {
          if (answer !== true) {
            refusal ??= answer;
            tracker.refusedBy(seq);
          }
        })
        .catch((/** @type {unknown} */ error) => {
          refusal ??= error instanceof Error ? error.message : String(error);
          tracker.refusedBy(seq);
        })
        .finally(() => {
          sending -= 1;
          pump();
        });
    }
  };
  onReady((seq) => {
    tracker.received(seq);
    pump();
  });

  pump();
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      tracker.expire();
      const now = performance.now();
      onTick(Math.min(1, (now - startedAt) / (seconds * 1000)), tracker);
      if (tracker.sent > 0 && tracker.refused === tracker.sent && now - startedAt > 1000) {
        clearInterval(timer);
        reject(new BenchFailure(`the app refused every message: ${refusal}`));
        return;
      }
      if (tracker.delivered === 0 && now - startedAt > MESSAGE_DEADLINE_MS) {
        clearInterval(timer);
        reject(
          new BenchFailure(
            `no client received ${what} within ${MESSAGE_DEADLINE_MS / 1000} s of the first send: does the lesson's broadcast pass its checks?`,
          ),
        );
        return;
      }
      pump();
      const drained = tracker.inFlight.size === 0 && sending === 0;
      if (now >= sendingEndsAt && (drained || now >= sendingEndsAt + MESSAGE_DEADLINE_MS)) {
        clearInterval(timer);
        tracker.abandon();
        resolve(undefined);
      }
    }, TICK_MS);
  });
  const ms = (Number.isNaN(tracker.lastDeliveryAt) ? performance.now() : tracker.lastDeliveryAt) - startedAt;
  const complete = tracker.sent - tracker.refused;
  return {
    ms,
    sent: tracker.sent,
    delivered: tracker.delivered,
    lost: tracker.lost,
    refused: tracker.refused,
    messagesPerSecond: perSecond(complete, ms),
    deliveriesPerSecond: perSecond(tracker.delivered, ms),
    latency: summarize(tracker.latencies),
  };
}
