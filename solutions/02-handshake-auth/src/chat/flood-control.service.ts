import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Socket } from 'socket.io';
import type { AppConfig } from '../config.js';
import { authDataOf, userRoom } from '../socket-auth/socket-user.js';

const TOO_MANY = 'Too many requests';

/**
 * A token bucket per socket, in front of every handler: a socket may send
 * wsEventsPerSecond events on average and wsEventBurst at once. An event over
 * the limit never reaches a handler; a socket refused at least once a second
 * for wsFloodDisconnectSeconds is disconnected. A bucket bounds one socket, not
 * a user with several: admitConnection caps each user's sockets at
 * wsMaxSocketsPerUser.
 */
@Injectable()
export class FloodControlService {
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly disconnectAfterMs: number;
  private readonly maxSocketsPerUser: number;

  constructor(config: ConfigService) {
    const {
      wsEventsPerSecond,
      wsEventBurst,
      wsFloodDisconnectSeconds,
      wsMaxSocketsPerUser,
    } = config.getOrThrow<AppConfig>('app');
    this.perSecond = wsEventsPerSecond;
    this.burst = wsEventBurst;
    this.disconnectAfterMs = wsFloodDisconnectSeconds * 1000;
    this.maxSocketsPerUser = wsMaxSocketsPerUser;
  }

  /** Namespace middleware, after the handshake check: it lets a connection in, or refuses it. */
  admitConnection(socket: Socket, next: (error?: Error) => void): void {
    const { user } = authDataOf(socket);
    // The handshake check runs first and gives each socket it lets through a user: one without is refused.
    if (user === undefined) {
      next(new Error('Unauthorized'));
      return;
    }
    // This instance's sockets only: a user's room holds each socket from the moment it is admitted.
    const open = socket.nsp.adapter.rooms.get(userRoom(user.id))?.size ?? 0;
    if (open < this.maxSocketsPerUser) {
      // Joined now, not in handleConnection: sockets of one burst are all admitted before any of them
      // connects, and would each see the same count. A socket that never connects leaves its rooms.
      void socket.join(userRoom(user.id));
      next();
      return;
    }
    next(
      Object.assign(new Error('Too many connections'), {
        data: { reason: 'too_many_connections' },
      }),
    );
  }

  /** Called once per socket; what it returns is called at each refusal of the socket's events. */
  private floodWatch(socket: Socket): (now: number) => void {
    let floodingSince: number | undefined;
    let refusedAt = 0;
    return (now) => {
      // A second without a refusal ends a flood.
      if (floodingSince === undefined || now - refusedAt > 1000)
        floodingSince = now;
      refusedAt = now;
      if (now - floodingSince >= this.disconnectAfterMs)
        socket.disconnect(true);
    };
  }

  /** Call once per accepted socket, before any other middleware of the socket. */
  watch(socket: Socket): void {
    let tokens = this.burst;
    let refilledAt = Date.now();
    const noteRefusal = this.floodWatch(socket);
    socket.use((packet, next) => {
      const now = Date.now();
      tokens = Math.min(
        this.burst,
        tokens + ((now - refilledAt) / 1000) * this.perSecond,
      );
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        next();
        return;
      }
      socket.emit('exception', { status: 'error', message: TOO_MANY });
      const ack: unknown = packet.at(-1);
      if (isAck(ack)) ack({ error: TOO_MANY });
      noteRefusal(now);
    });
  }
}

/** Socket.IO puts the client's acknowledgement callback last in the packet, when there is one. */
function isAck(value: unknown): value is (response: { error: string }) => void {
  return typeof value === 'function';
}
