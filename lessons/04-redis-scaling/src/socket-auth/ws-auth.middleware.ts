import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { bearerToken } from '../auth/bearer-token.js';
import {
  TokenRejectedError,
  TokenRejectionReason,
} from '../auth/token-rejected.error.js';
import type { VerifiedToken } from '../auth/token-claims.js';
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
  private readonly logger = new Logger(WsAuthMiddleware.name);

  constructor(private readonly tokens: TokenService) {}

  use(socket: Socket, next: Next): void {
    const token = tokenFrom(socket.handshake);
    if (token === undefined) {
      next(unauthorized('missing_token'));
      return;
    }
    this.tokens.verify(token).then(
      (verified) => this.admit(socket, verified, next),
      (error: unknown) => {
        next(
          error instanceof TokenRejectedError
            ? unauthorized(error.reason)
            : this.serverFailure(error),
        );
      },
    );
  }

  /** Lets in an attempt whose token TokenService.verify accepted: the socket keeps the user, not the token. */
  private admit(socket: Socket, verified: VerifiedToken, next: Next): void {
    const { user, exp } = verified;
    Object.assign(authDataOf(socket), { user, exp });
    // Whatever serialises this socket from now on (fetchSockets across servers, a log line) carries no credential.
    delete socket.handshake.auth.token;
    delete socket.handshake.headers.authorization;
    next();
  }

  /**
   * The refusal of an attempt whose check failed through no fault of its token: the server's failure
   * (TokenService.verify rejected with something else than a TokenRejectedError).
   */
  private serverFailure(error: unknown): Error {
    // A bug, a user store that is down: the log gets the error, the client no detail.
    this.logger.error(
      'The handshake check failed',
      error instanceof Error ? error.stack : String(error),
    );
    return new Error('Internal server error');
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
