import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

/**
 * Registered for the whole app, so it runs before every HTTP route and every
 * gateway event handler (never on connect: that is the handshake
 * middleware's job). Returning false makes Nest answer a socket with the
 * `exception` event and a request with 403, message 'Forbidden resource'.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  // TODO 7: let a request or an event through when neither its handler nor its class names
  //   roles; otherwise only when it comes from a user who has one of them, and a request
  //   without a valid token is answered as unauthenticated; a failure that is no refusal of
  //   the token is the server's error, not the client's (Your tasks, 7)
  canActivate(context: ExecutionContext): boolean {
    return true;
  }
}
