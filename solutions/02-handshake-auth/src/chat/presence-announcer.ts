import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Namespace } from 'socket.io';

/**
 * The shortest time between two `presence` events to this instance's clients. Each event is a frame to every
 * client: N clients arriving at once (a restart's reconnect herd) would cost N² frames, and one member
 * reconnecting in a loop would make every client hear every step of it. 250 ms keeps a change visible well
 * within a second.
 */
export const ANNOUNCE_EVERY_MS = 250;

/**
 * Tells this instance's clients, and only them, the online count it is handed (the app's sockets, or the
 * cluster's when several instances share it) when it changed, at most once every ANNOUNCE_EVERY_MS: a change
 * within that time waits for its end, and a count that came back meanwhile is not told again (only to the
 * sockets that connected since, which have not heard it).
 */
@Injectable()
export class PresenceAnnouncer implements OnModuleDestroy {
  private server: Namespace | undefined;
  private count: () => number = () => 0;
  /** The last count this instance's clients were told, and when. */
  private announced: number | undefined;
  private announcedAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Sockets that connected since the last announcement: told the count even when it did not change. */
  private readonly newcomers = new Set<string>();

  attach(server: Namespace): void {
    this.server = server;
  }

  /** A socket that just connected hears the next announcement, changed or not. */
  welcome(socketId: string): void {
    this.newcomers.add(socketId);
  }

  /** Tells the count `count` gives, now or at the end of the current interval (read again then). */
  announce(count: () => number): void {
    this.count = count;
    if (this.closed || this.timer) return;
    const wait = this.announcedAt + ANNOUNCE_EVERY_MS - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.announce(this.count);
      }, wait);
      return;
    }
    const online = this.count();
    const newcomers = [...this.newcomers];
    this.newcomers.clear();
    // `local`: this instance's clients only. With one instance it is the same as a plain emit; with the
    // Redis adapter (lesson 4) a plain emit would also reach the other instances' clients, who have their own.
    if (online !== this.announced) {
      this.announced = online;
      this.announcedAt = performance.now();
      this.server?.local.emit('presence', { online });
    } else if (newcomers.length > 0) {
      // Each socket is in a room named by its id.
      this.server?.local.to(newcomers).emit('presence', { online });
    }
  }

  onModuleDestroy(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
