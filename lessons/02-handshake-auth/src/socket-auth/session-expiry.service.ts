import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';

/**
 * A token's `exp` still counts after the handshake: this ends a socket's
 * session when its token expires.
 */
@Injectable()
export class SessionExpiryService {
  // TODO 9: end each session when its token expires, however far away that is: tell the client,
  //   then close its connection; an event that arrives at or after the expiry ends it too; a
  //   socket that leaves leaves nothing behind (Your tasks, 9)

  /** Call once per accepted socket. */
  watch(socket: Socket): void {}

  /** Call after the socket's `exp` changed (a refreshed token). */
  reschedule(socket: Socket): void {
    // TODO 10: count down to the new expiry instead of the old one, unless the socket has
    //   left meanwhile (Your tasks, 10)
  }
}
