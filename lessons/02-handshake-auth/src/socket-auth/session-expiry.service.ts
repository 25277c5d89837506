import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Socket } from 'socket.io';
import { expiryOf } from './socket-user.js';

// setTimeout cannot wait longer than this (about 24.8 days); longer waits fire at once.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A token's `exp` still counts after the handshake: this ends a socket's
 * session when its token expires, and refuses events that arrive later.
 */
@Injectable()
export class SessionExpiryService implements OnApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Call once per accepted socket. */
  watch(socket: Socket): void {
    // TODO 6: end the session when the token expires:
    //   - this.schedule(socket) starts the countdown;
    //   - socket.use((event, next) => ...) sees every incoming event first: once the token has
    //     expired (isExpired), call this.expire(socket) instead of next(), because a timer can fire late;
    //   - when the socket disconnects (socket.once('disconnect', ...)), this.forget(socket).
  }

  /** Call after `socket.data.exp` changed (a refreshed token). */
  reschedule(socket: Socket): void {
    // TODO 7: while the socket is connected, schedule its countdown again from the new exp.
  }

  onApplicationShutdown(): void {
    // TODO 6: clear every pending timer, so that app.close() leaves nothing running.
  }

  private schedule(socket: Socket): void {
    // TODO 6: replace this socket's timer (this.forget) with a setTimeout that calls
    //   this.expire(socket) at expiryOf(socket) * 1000 (ms since the epoch), and keep it in
    //   this.timers under socket.id. setTimeout cannot wait longer than MAX_TIMEOUT_MS.
  }

  private forget(socket: Socket): void {
    // TODO 6: clear this socket's timer, if any, and remove it from this.timers.
  }

  private expire(socket: Socket): void {
    // TODO 6: forget the timer, emit 'auth:expired' { exp } to the socket, then disconnect it
    //   (socket.disconnect(true): the client sees 'io server disconnect' and does not reconnect).
  }
}

/** `exp` counts seconds, Date.now() milliseconds. */
function isExpired(exp: number): boolean {
  return Date.now() >= exp * 1000;
}
