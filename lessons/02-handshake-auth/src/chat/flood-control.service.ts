import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Socket } from 'socket.io';
import type { AppConfig } from '../config.js';

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
    // TODO 16: a user holds a limited number of connections to this app at once; one more is
    //   refused with the reason the README gives (Your tasks, 16)
    next();
  }

  /** Called once per socket; what it returns is called at each refusal of the socket's events. */
  private floodWatch(socket: Socket): (now: number) => void {
    // TODO 15: a socket that keeps going over its limits for too long is disconnected (Your tasks, 15)
    return () => {};
  }

  /** Call once per accepted socket, before any other middleware of the socket. */
  watch(socket: Socket): void {
    // TODO 14: an event over the socket's limits never reaches a handler and is answered as the
    //   README says; the socket gets its allowance back with time; every refusal is told to the
    //   flood watch above (Your tasks, 14)
  }
}
