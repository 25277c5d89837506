import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { TokenRejectedError } from '../auth/token-rejected.error.js';
import { TokenService } from '../auth/token.service.js';
import { AuthenticatedRequest } from './authenticated-request.js';

/** Accepts `Authorization: Bearer <access token>`, the token of `POST /auth/login`. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new UnauthorizedException('Send an access token: Authorization: Bearer <token> (POST /auth/login gives one)');
    }
    try {
      request.user = (await this.tokens.verify(token)).user;
    } catch (error) {
      if (error instanceof TokenRejectedError) throw new UnauthorizedException(error.message);
      throw error;
    }
    return true;
  }
}
