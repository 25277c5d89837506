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
    // A timer can fire late (a busy event loop), so each event checks too.
    socket.use((_event, next) => {
      if (isExpired(expiryOf(socket))) {
        this.expire(socket);
        return;
      }
      next();
    });
    socket.once('disconnect', () => this.forget(socket));
    this.schedule(socket);
  }

  /** Call after `socket.data.exp` changed (a refreshed token). */
  reschedule(socket: Socket): void {
    if (socket.connected) this.schedule(socket);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(socket: Socket): void {
    this.forget(socket);
    const delay = expiryOf(socket) * 1000 - Date.now();
    const timer = setTimeout(
      () => (isExpired(expiryOf(socket)) ? this.expire(socket) : this.schedule(socket)),
      Math.min(Math.max(delay, 0), MAX_TIMEOUT_MS),
    );
    this.timers.set(socket.id, timer);
  }

  private forget(socket: Socket): void {
    clearTimeout(this.timers.get(socket.id));
    this.timers.delete(socket.id);
  }

  private expire(socket: Socket): void {
    this.forget(socket);
    socket.emit('auth:expired', { exp: expiryOf(socket) });
    socket.disconnect(true);
  }
}

/** `exp` counts seconds, Date.now() milliseconds. */
function isExpired(exp: number): boolean {
  return Date.now() >= exp * 1000;
}
