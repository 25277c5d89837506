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

  /** Call once per accepted socket. */
  watch(socket: Socket): void {
    // Timers run late when the event loop is busy or the machine slept: each event checks too.
    socket.use((_event, next) => {
      if (this.hasExpired(socket)) this.expire(socket);
      else next();
    });
    socket.once('disconnect', () => this.forget(socket));
    this.schedule(socket);
  }

  private schedule(socket: Socket): void {
    this.forget(socket);
    // A refresh can complete after its socket left: nothing is left to watch then.
    if (socket.disconnected) return;
    const delay = Math.min(
      expiryOf(socket) * 1000 - Date.now(),
      SessionExpiryService.MAX_DELAY_MS,
    );
    const timer = setTimeout(() => {
      if (this.hasExpired(socket)) this.expire(socket);
      else this.schedule(socket);
    }, delay);
    this.timers.set(socket.id, timer);
  }

  private forget(socket: Socket): void {
    clearTimeout(this.timers.get(socket.id));
    this.timers.delete(socket.id);
  }

  private expire(socket: Socket): void {
    socket.emit('auth:expired', { exp: expiryOf(socket) });
    socket.disconnect(true);
  }

  private hasExpired(socket: Socket): boolean {
    return Date.now() >= expiryOf(socket) * 1000;
  }

  /** Call after the socket's `exp` changed (a refreshed token). */
  reschedule(socket: Socket): void {
    this.schedule(socket);
  }
}
