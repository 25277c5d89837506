import { benchRoom, connectToRoom, MESSAGE_EVENT, SEND_EVENT } from './chat-clients.js';
import { runDeliveryLoop } from './delivery-loop.js';

const ACK_DEADLINE_MS = 5000;

/**
 * @typedef {import('./delivery-loop.js').DeliveryResult} DeliveryResult
 * @typedef {import('./chat-clients.js').ClientSocket} ClientSocket
 */

/**
 * Fan-out: clients on one or more instances join one room; the first client
 * sends `message:send` again and again, and every client (the sender too)
 * must receive each `message:new`.
 * @param {object} options
 * @param {{ base: URL, count: number }[]} options.placements how many clients on which instance; the sender is on the first
 * @param {string | undefined} options.token the access token (lessons 2 and 4), none for lesson 1
 * @param {number} options.seconds
 * @param {import('../figures/cleanup.js').Cleanup} options.cleanup
 * @param {(text: string, step?: boolean) => void} options.report progress
 * @param {(fraction: number, delivered: number) => void} options.onTick
 * @returns {Promise<DeliveryResult & { clients: number }>}
 */
export async function measureFanOut({ placements, token, seconds, cleanup, report, onTick }) {
  const room = benchRoom();
  const clients = placements.reduce((sum, { count }) => sum + count, 0);
  /** @type {ClientSocket[]} */
  const sockets = [];
  /** @type {(() => void)[]} */
  const forget = [];
  const track = (/** @type {ClientSocket} */ socket) => {
    sockets.push(socket);
    forget.push(cleanup.add('a chat client', () => socket.close()));
  };
  try {
    for (const { base, count } of placements) {
      report(`connecting ${count} clients to ${base.origin} and joining room ${room}…`, true);
      await connectToRoom({
        base,
        count,
        room,
        token,
        track,
        onJoined: (joined) => report(`${joined}/${count} clients in room ${room} on ${base.origin}…`),
      });
    }
    const [sender] = sockets;
    return {
      clients,
      ...(await runDeliveryLoop({
        receivers: clients,
        seconds,
        what: MESSAGE_EVENT,
        onReady: (deliver) => {
          for (const socket of sockets) {
            socket.on(MESSAGE_EVENT, (/** @type {{ room?: unknown, text?: unknown }} */ message) => {
              const seq =
                message?.room === room && typeof message.text === 'string'
                  ? /^bench (\d+)$/.exec(message.text)?.[1]
                  : undefined;
              if (seq) deliver(Number(seq));
            });
          }
        },
        send: async (seq) => {
          try {
            const reply = await sender.timeout(ACK_DEADLINE_MS).emitWithAck(SEND_EVENT, { room, text: `bench ${seq}` });
            return reply && typeof reply === 'object' && 'id' in reply
              ? true
              : `${SEND_EVENT} was acknowledged with ${JSON.stringify(reply)}, not { id }`;
          } catch {
            return `${SEND_EVENT} was not acknowledged within ${ACK_DEADLINE_MS} ms`;
          }
        },
        onTick: (fraction, tracker) => onTick(fraction, tracker.delivered),
      })),
    };
  } finally {
    for (const socket of sockets) socket.close();
    for (const done of forget) done();
  }
}
