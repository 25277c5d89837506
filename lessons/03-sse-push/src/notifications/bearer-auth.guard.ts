import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { TokenRejectedError } from '../auth/token-rejected.error.js';
import { TokenService } from '../auth/token.service.js';
import { AuthenticatedRequest } from './authenticated-request.js';

// RFC 9110 §11.1: the scheme is case-insensitive (`Bearer`, `bearer`, `BEARER`);
// one or more spaces separate it from the token, which is one token68 word.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Accepts `Authorization: Bearer <access token>`, the token of `POST /auth/login`. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) {
      throw new UnauthorizedException('Send an access token: Authorization: Bearer <token> (POST /auth/login gives one)');
    }
    try {
      const { user, exp } = await this.tokens.verify(token);
      request.auth = { user, tokenExp: exp };
    } catch (error) {
      if (error instanceof TokenRejectedError) throw new UnauthorizedException(error.message);
      throw error;
    }
    return true;
  }
}
