import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Socket } from 'socket.io';
import { Role } from '../users/user.js';
import { ROLES_KEY } from './roles.decorator.js';
import { SocketAuthData } from './socket-user.js';

/**
 * Runs before each guarded event handler (never on connect: that is the
 * handshake middleware's job). Returning false makes Nest answer with the
 * `exception` event, message 'Forbidden resource'.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!allowed || allowed.length === 0) return true;
    const { user } = context.switchToWs().getClient<Socket>().data as Partial<SocketAuthData>;
    return user !== undefined && allowed.includes(user.role);
  }
}
