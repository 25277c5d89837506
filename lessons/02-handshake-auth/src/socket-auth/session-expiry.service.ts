import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';

/**
 * A token's `exp` still counts after the handshake: this ends a socket's
 * session when its token expires.
 */
@Injectable()
export class SessionExpiryService {
  // TODO 11: count down to each socket's expiry, however far away that is, and end its session
  //   then; a socket that leaves leaves nothing behind (Your tasks, 11)

  /** Call once per accepted socket. */
  watch(socket: Socket): void {
    // TODO 11: start this socket's countdown, and drop it when the socket leaves (Your tasks, 11)

    // TODO 12: an event that arrives at or after the expiry ends the session instead of reaching
    //   its handler (Your tasks, 12)
  }

  /** Call after the socket's `exp` changed (a refreshed token). */
  reschedule(socket: Socket): void {
    // TODO 13: count down to the new expiry instead of the old one, unless the socket has
    //   left meanwhile (Your tasks, 13)
  }

  /** Ends the socket's session. */
  private expire(socket: Socket): void {
    // TODO 11: tell the client its session ended, then close its connection (Your tasks, 11)
  }
}
