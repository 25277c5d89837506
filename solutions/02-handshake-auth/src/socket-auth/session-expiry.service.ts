import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { expiryOf } from './socket-user.js';

/**
 * A token's `exp` still counts after the handshake: this ends a socket's
 * session when its token expires.
 */
@Injectable()
export class SessionExpiryService {
  /** The longest wait setTimeout keeps (about 24.8 days); a longer one fires after 1 ms. */
  private static readonly MAX_DELAY_MS = 2 ** 31 - 1;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  private schedule(socket: Socket): void {
    this.forget(socket);
    const delay = Math.min(
      expiryOf(socket) * 1000 - Date.now(),
      SessionExpiryService.MAX_DELAY_MS,
    );
    const timer = setTimeout(() => {
      // A clamped wait ends before exp: count down again.
      if (Date.now() < expiryOf(socket) * 1000) this.schedule(socket);
      else this.expire(socket);
    }, delay);
    this.timers.set(socket.id, timer);
  }

  private forget(socket: Socket): void {
    clearTimeout(this.timers.get(socket.id));
    this.timers.delete(socket.id);
  }

  /** Call once per accepted socket. */
  watch(socket: Socket): void {
    socket.once('disconnect', () => this.forget(socket));
    this.schedule(socket);

    // Timers run late when the event loop is busy or the machine slept: each event checks too.
    socket.use((_event, next) => {
      if (Date.now() >= expiryOf(socket) * 1000) this.expire(socket);
      else next();
    });
  }

  /** Call after the socket's `exp` changed (a refreshed token). */
  reschedule(socket: Socket): void {
    // A refresh can complete after its socket left: nothing is left to watch then.
    if (socket.disconnected) return;
    this.schedule(socket);
  }

  /** Ends the socket's session. */
  private expire(socket: Socket): void {
    socket.emit('auth:expired', { exp: expiryOf(socket) });
    socket.disconnect(true);
  }
}
