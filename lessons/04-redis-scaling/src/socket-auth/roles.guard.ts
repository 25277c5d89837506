import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import { bearerToken } from '../auth/bearer-token.js';
import { TokenRejectedError } from '../auth/token-rejected.error.js';
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
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = this.reflector.getAllAndOverride(Roles, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed === undefined) return true;
    // Fails closed: a context this guard cannot find a user in gets no role.
    const user = await this.userOf(context);
    return user !== undefined && allowed.includes(user.role);
  }

  private async userOf(context: ExecutionContext): Promise<User | undefined> {
    switch (context.getType()) {
      case 'ws':
        return userOf(context.switchToWs().getClient<Socket>());
      case 'http':
        return this.userOfRequest(
          context.switchToHttp().getRequest<IncomingMessage>(),
        );
      default:
        return undefined;
    }
  }

  /** The user of an HTTP request, for a route that names roles. */
  private async userOfRequest(request: IncomingMessage): Promise<User> {
    try {
      const { user } = await this.tokens.verify(
        bearerToken(request.headers.authorization),
      );
      return user;
    } catch (error) {
      if (error instanceof TokenRejectedError)
        throw new UnauthorizedException();
      // Not a bad token (a bug, a user store that is down): Nest logs it and answers 500.
      throw error;
    }
  }
}
