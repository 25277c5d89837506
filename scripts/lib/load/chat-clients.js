import { io } from 'socket.io-client';
import { BenchFailure } from '../cli/usage-error.js';

// The chat's events (lessons 1, 2 and 4): join, send, receive. The namespace is the lesson's (lesson.json).
export const JOIN_EVENT = 'room:join';
export const SEND_EVENT = 'message:send';
export const MESSAGE_EVENT = 'message:new';

const CONNECT_DEADLINE_MS = 10_000;
const ACK_DEADLINE_MS = 5000;
const CONNECTING_AT_ONCE = 50;

/** @typedef {import('socket.io-client').Socket} ClientSocket */

/**
 * The address of the lesson's chat namespace on an app.
 * @param {import('../course/catalog.js').Lesson} lesson @param {URL} base
 */
export function chatUrl(lesson, base) {
  return new URL(lesson.manifest.namespace ?? '', base);
}

/**
 * Opens one Socket.IO client on the chat namespace (chatUrl): WebSocket only, no
 * reconnection, so every connection the bench makes is one it counts.
 * @param {URL} chat @param {string | undefined} token
 * @returns {ClientSocket}
 */
export function openChatSocket(chat, token) {
  return io(chat.href, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: CONNECT_DEADLINE_MS,
    ...(token ? { auth: { token } } : {}),
  });
}

/**
 * Connects `count` clients (at most 50 handshakes at a time) and has each join `room`.
 * @param {{ base: URL, count: number, room: string, token?: string, track: (socket: ClientSocket) => void, onJoined?: (joined: number) => void }} options
 *   track: called with every socket as soon as it exists, so it is closed whatever happens next
 * @returns {Promise<ClientSocket[]>}
 */
export async function connectToRoom({ base, count, room, token, track, onJoined = () => {} }) {
  /** @type {ClientSocket[]} */
  const sockets = [];
  for (let start = 0; start < count; start += CONNECTING_AT_ONCE) {
    const batch = Array.from({ length: Math.min(CONNECTING_AT_ONCE, count - start) }, () => {
      const socket = openChatSocket(base, token);
      track(socket);
      sockets.push(socket);
      return joinRoom(socket, base, room);
    });
    await Promise.all(batch);
    onJoined(sockets.length);
  }
  return sockets;
}

/** @param {ClientSocket} socket @param {URL} base @param {string} room */
async function joinRoom(socket, base, room) {
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', (error) =>
      reject(
        new BenchFailure(
          `a client could not connect to ${base.pathname} on ${base.origin}: ${error.message}${tooManyAdvice(error)}`,
        ),
      ),
    );
  });
  let reply;
  try {
    reply = await socket.timeout(ACK_DEADLINE_MS).emitWithAck(JOIN_EVENT, { room });
  } catch {
    throw new BenchFailure(
      `${JOIN_EVENT} on ${base.origin} was not acknowledged within ${ACK_DEADLINE_MS} ms: do the lesson's room checks pass?`,
    );
  }
  if (reply?.room !== room) {
    throw new BenchFailure(
      `${JOIN_EVENT} on ${base.origin} was acknowledged with ${JSON.stringify(reply)}, not { room: '${room}', members }`,
    );
  }
}

/**
 * What to do when the app refused a connection because the bench's user already holds as many as one user may.
 * @param {Error & { data?: { reason?: unknown } }} error
 */
export function tooManyAdvice(error) {
  return error.data?.reason === 'too_many_connections'
    ? ' (the bench connects as one user, who may hold WS_MAX_SOCKETS_PER_USER sockets per app, 10 unless set: start the app with WS_MAX_SOCKETS_PER_USER above --clients)'
    : '';
}

/** A room name the chat accepts (a-z, 0-9 and -, at most 32) and no one else uses. */
export function benchRoom() {
  return `bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`.slice(0, 32);
}
