/**
 * Book-keeping for a stream of messages that each `receivers` clients must
 * receive: at most `window` messages in flight, the send-to-receipt latency of
 * every delivery, and the deliveries that never came (a message is given up
 * `deadlineMs` after it was sent).
 */
export class DeliveryTracker {
  /** @param {{ receivers: number, window: number, deadlineMs: number, now?: () => number }} options */
  constructor({ receivers, window, deadlineMs, now = () => performance.now() }) {
    this.receivers = receivers;
    this.window = window;
    this.deadlineMs = deadlineMs;
    this.now = now;
    /** @type {Map<number, { sentAt: number, remaining: number }>} */
    this.inFlight = new Map();
    this.nextSeq = 1;
    this.sent = 0;
    this.delivered = 0;
    this.lost = 0;
    this.refused = 0;
    /** @type {number[]} */
    this.latencies = [];
    this.lastDeliveryAt = Number.NaN;
  }

  /** Whether another message may be sent now. */
  hasRoom() {
    return this.inFlight.size < this.window;
  }

  /** Records a send and returns its sequence number. */
  send() {
    const seq = this.nextSeq++;
    this.inFlight.set(seq, { sentAt: this.now(), remaining: this.receivers });
    this.sent += 1;
    return seq;
  }

  /** One receiver got message `seq`. Late, unknown or duplicate receipts are ignored. @param {number} seq */
  received(seq) {
    const message = this.inFlight.get(seq);
    if (!message) return;
    const at = this.now();
    this.latencies.push(at - message.sentAt);
    this.delivered += 1;
    this.lastDeliveryAt = at;
    message.remaining -= 1;
    if (message.remaining === 0) this.inFlight.delete(seq);
  }

  /** The app refused message `seq` (an error ack, a non-2xx answer): nobody will receive it. @param {number} seq */
  refusedBy(seq) {
    if (this.inFlight.delete(seq)) this.refused += 1;
  }

  /** Gives up on messages older than the deadline; their missing deliveries count as lost. */
  expire() {
    const now = this.now();
    for (const [seq, message] of this.inFlight) {
      if (now - message.sentAt < this.deadlineMs) continue;
      this.lost += message.remaining;
      this.inFlight.delete(seq);
    }
  }

  /** Gives up on every message still in flight. */
  abandon() {
    for (const message of this.inFlight.values()) this.lost += message.remaining;
    this.inFlight.clear();
  }
}
