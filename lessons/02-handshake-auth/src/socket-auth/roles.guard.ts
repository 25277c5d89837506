import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { Socket } from 'socket.io';
import { bearerToken } from '../auth/bearer-token.js';
import { TokenService } from '../auth/token.service.js';
import { User } from '../users/user.js';
import { Roles } from './roles.decorator.js';
import { userOf } from './socket-user.js';

/**
 * Registered for the whole app, so it runs before every HTTP route and every
 * gateway event handler (never on connect: that is the handshake
 * middleware's job). Returning false makes Nest answer a socket with the
 * `exception` event and a request with 403, message 'Forbidden resource'.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  // TODO 5: let a request or an event through when neither its handler nor its class names
  //   roles; otherwise only when it comes from a user who has one of them, and a request
  //   without a valid token is answered as unauthenticated (Your tasks, 5)
  canActivate(context: ExecutionContext): boolean {
    return true;
  }
}
