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
    // TODO 1: verify the handshake's token: this.tokens.verify(tokenFrom(socket.handshake)).
    //   Accepted: this.attach(socket, verified), then next().
    //   Refused: next(unauthorized(error)), and the client gets connect_error instead of a connection.
    //   Until then every handshake is accepted, with a token or without: the naive gateway.
    next();
  }

  private attach(socket: Socket, { user, exp }: VerifiedToken): void {
    // TODO 2: keep the user ({ id, name, role }) in socket.data.user and the token's exp in
    //   socket.data.exp: socket.data lives as long as the socket, for every handler after this one.
  }
}

/**
 * The token travels in `auth.token` (the socket.io client's `auth` option) or
 * in an `Authorization: Bearer` header (Node clients, proxies). Never in the
 * query string: URLs end up in access logs, proxy logs and browser history.
 */
function tokenFrom(handshake: Handshake): unknown {
  // TODO 1: return handshake.auth.token when it is there (not undefined, null or ''), whatever
  //   its type (TokenService.verify judges it); else the <token> of an `Authorization: Bearer <token>`
  //   header (handshake.headers.authorization); else undefined. Do not look at handshake.query.
  return undefined;
}

/** What the client's `connect_error` receives: `message` and `data`. */
function unauthorized(error: unknown): Error {
  // TODO 1: an Error with the message 'Unauthorized' and a `data` property { reason }: the
  //   reason of a TokenRejectedError (error.reason), 'invalid_token' for anything else.
  return new Error('Not implemented yet: unauthorized (TODO 1)');
}
