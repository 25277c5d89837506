import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import {
  TokenRejectedError,
  type TokenRejectionReason,
} from '../auth/token-rejected.error.js';
import { TokenService } from '../auth/token.service.js';
import { AuthenticatedRequest } from './authenticated-request.js';

// RFC 9110 §11.1: the scheme is case-insensitive (`Bearer`, `bearer`, `BEARER`);
// one or more spaces separate it from the token, which is one token68 word.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

const LOG_IN =
  'log in again with POST /auth/login and send the new access token';

// What the client reads says what to do, never what the server expected (an
// issuer, an audience, an algorithm): that would teach a forger. The details go
// to the log, for whoever runs the app.
const ADVICE: Record<TokenRejectionReason, string> = {
  missing_token:
    'Send an access token: Authorization: Bearer <token> (POST /auth/login gives one)',
  invalid_token: `This access token is not valid here: ${LOG_IN}`,
  token_expired: `This access token has expired: ${LOG_IN}`,
  unknown_user: `This access token's user no longer exists: ${LOG_IN}`,
};

/** Accepts `Authorization: Bearer <access token>`, the token of `POST /auth/login`. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly logger = new Logger(BearerAuthGuard.name);

  constructor(private readonly tokens: TokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException(ADVICE.missing_token);
    try {
      const { user, exp } = await this.tokens.verify(token);
      request.auth = { user, tokenExp: exp };
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.logger.warn(
        `Refused an access token (${error.reason}): ${error.message}`,
      );
      throw new UnauthorizedException(ADVICE[error.reason]);
    }
    return true;
  }
}
