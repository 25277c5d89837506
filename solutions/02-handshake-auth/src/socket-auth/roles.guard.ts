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
    if (context.getType() !== 'ws') return true;
    const { role } = userOf(context.switchToWs().getClient<Socket>());
    const allowed = this.reflector.getAllAndOverride(Roles, [context.getHandler(), context.getClass()]);
    return allowed === undefined || allowed.includes(role);
  }
}
