import { Injectable } from '@nestjs/common';
import { Socket } from 'socket.io';
import { bearerToken } from '../auth/bearer-token.js';
import {
  TokenRejectedError,
  TokenRejectionReason,
} from '../auth/token-rejected.error.js';
import { TokenService } from '../auth/token.service.js';
import { authDataOf } from './socket-user.js';

type Handshake = Socket['handshake'];
type Next = (error?: Error) => void;

/**
 * Socket.IO namespace middleware: it runs once per connection attempt, before
 * the socket is connected, so a refused client never reaches handleConnection
 * and never receives a broadcast. (A Nest guard cannot do this: guards run
 * per event, not on connect.)
 */
@Injectable()
export class WsAuthMiddleware {
  constructor(private readonly tokens: TokenService) {}

  use(socket: Socket, next: Next): void {
    const token = tokenFrom(socket.handshake);
    if (token === undefined) {
      next(unauthorized('missing_token'));
      return;
    }
    this.tokens.verify(token).then(
      ({ user, exp }) => {
        Object.assign(authDataOf(socket), { user, exp });
        // Whatever serialises this socket from now on (fetchSockets across servers, a log line) carries no credential.
        delete socket.handshake.auth.token;
        delete socket.handshake.headers.authorization;
        next();
      },
      (error: TokenRejectedError) => next(unauthorized(error.reason)),
    );
  }
}

/** The token of a connection attempt, or undefined when it carries none. */
function tokenFrom(handshake: Handshake): unknown {
  const token: unknown = handshake.auth?.token;
  if (token !== undefined && token !== null && token !== '') return token;

  return bearerToken(handshake.headers.authorization);
}

/** What the client's `connect_error` receives: `message` and `data`. */
function unauthorized(reason: TokenRejectionReason): Error {
  return Object.assign(new Error('Unauthorized'), { data: { reason } });
}
