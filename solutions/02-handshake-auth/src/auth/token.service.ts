import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { AppConfig } from '../config.js';
import { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { IssuedToken, TOKEN_AUDIENCE, TOKEN_ISSUER, TokenClaims, VerifiedToken } from './token-claims.js';
import { TokenRejectedError } from './token-rejected.error.js';

/** The one algorithm this app signs with, and so the only one it may accept. */
const ALGORITHM = 'HS256';

@Injectable()
export class TokenService {
  private readonly tokenTtl: number;

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    config: ConfigService,
  ) {
    this.tokenTtl = config.getOrThrow<AppConfig>('app').tokenTtl;
  }

  /** How the login makes a token: read it, the checks of `verify` mirror it. */
  async issue(user: User): Promise<IssuedToken> {
    const claims: TokenClaims = { sub: user.id, name: user.name, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ALGORITHM,
      expiresIn: this.tokenTtl,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    return { accessToken, expiresIn: this.tokenTtl };
  }

  /**
   * Checks a token from an untrusted client and resolves with its user and
   * `exp`, or rejects with a TokenRejectedError that says why.
   */
  async verify(token: unknown): Promise<VerifiedToken> {
    if (typeof token !== 'string') {
      throw new TokenRejectedError('invalid_token', `The token must be a string, got ${typeof token}`);
    }
    let claims: Partial<TokenClaims> & { exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync(token, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
    } catch (error) {
      if (error instanceof TokenExpiredError) {
        throw new TokenRejectedError('token_expired', 'The token has expired');
      }
      throw new TokenRejectedError('invalid_token', `The token is not valid: ${(error as Error).message}`);
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
      throw new TokenRejectedError('invalid_token', 'The token has no subject or no expiry');
    }
    const user = this.users.findById(claims.sub);
    if (!user) {
      throw new TokenRejectedError('unknown_user', `No user has the id "${claims.sub}"`);
    }
    return { user, exp: claims.exp };
  }
}
