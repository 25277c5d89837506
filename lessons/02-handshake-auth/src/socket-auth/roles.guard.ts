import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Socket } from 'socket.io';
import { Roles } from './roles.decorator.js';
import { userOf } from './socket-user.js';

/**
 * Registered for the whole app, so it runs before every HTTP route and every
 * gateway event handler (never on connect: that is the handshake
 * middleware's job). Returning false makes Nest answer a socket with the
 * `exception` event, message 'Forbidden resource'.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    // TODO 5: let HTTP requests through untouched; let a socket's event through when its handler
    //   names no roles, or names the role of the socket's user (Your tasks, 5)
    return true;
  }
}
