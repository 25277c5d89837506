import { Injectable } from '@nestjs/common';
import { Socket } from 'socket.io';
import { TokenService } from '../auth/token.service.js';
import { VerifiedToken } from '../auth/token-claims.js';
import { TokenRejectedError } from '../auth/token-rejected.error.js';

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
    this.tokens.verify(tokenFrom(socket.handshake)).then(
      (verified) => {
        this.attach(socket, verified);
        next();
      },
      (error: unknown) => next(unauthorized(error)),
    );
  }

  private attach(socket: Socket, { user, exp }: VerifiedToken): void {
    socket.data.user = user;
    socket.data.exp = exp;
    // Verified: whatever serialises this socket from now on (a log line, another instance asking
    // for it through Redis) must not carry the credential.
    delete (socket.handshake.auth as Record<string, unknown>).token;
    delete socket.handshake.headers.authorization;
  }
}

/**
 * The token travels in `auth.token` (the socket.io client's `auth` option) or
 * in an `Authorization: Bearer` header (Node clients, proxies). Never in the
 * query string: URLs end up in access logs, proxy logs and browser history.
 */
function tokenFrom(handshake: Handshake): unknown {
  const auth = handshake.auth as Record<string, unknown> | undefined;
  const fromAuth = auth?.token;
  if (fromAuth !== undefined && fromAuth !== null && fromAuth !== '') return fromAuth;
  const match = /^Bearer +(\S+) *$/i.exec(handshake.headers.authorization ?? '');
  return match?.[1];
}

/** What the client's `connect_error` receives: `message` and `data`. */
function unauthorized(error: unknown): Error {
  const reason = error instanceof TokenRejectedError ? error.reason : 'invalid_token';
  return Object.assign(new Error('Unauthorized'), { data: { reason } });
}
