import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { AppConfig } from '../config.js';
import { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { IssuedToken, TokenClaims, VerifiedToken } from './token-claims.js';
import { TokenRejectedError } from './token-rejected.error.js';

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

  /** How the login makes a token; the algorithm, issuer, audience and lifetime are AuthModule's. */
  async issue(user: User): Promise<IssuedToken> {
    const claims: TokenClaims = {
      sub: user.id,
      name: user.name,
      role: user.role,
    };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, expiresIn: this.tokenTtl };
  }

  /**
   * Checks a token from an untrusted client and resolves with its user and
   * `exp`, or rejects with a TokenRejectedError that says why.
   */
  async verify(token: unknown): Promise<VerifiedToken> {
    if (typeof token !== 'string') {
      throw new TokenRejectedError(
        'invalid_token',
        `The token must be a string, got ${typeof token}`,
      );
    }
    let claims: Partial<TokenClaims> & { exp?: unknown };
    try {
      // The algorithm, issuer and audience are pinned in AuthModule's verifyOptions.
      claims = await this.jwt.verifyAsync(token);
    } catch (error) {
      if (error instanceof TokenExpiredError) {
        throw new TokenRejectedError('token_expired', 'The token has expired');
      }
      throw new TokenRejectedError(
        'invalid_token',
        `The token is not valid: ${(error as Error).message}`,
      );
    }

    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
      throw new TokenRejectedError(
        'invalid_token',
        'The token has no subject or no expiry',
      );
    }
    const user = this.users.findById(claims.sub);
    if (!user) {
      throw new TokenRejectedError(
        'unknown_user',
        'No user has the id of this token',
      );
    }
    return { user, exp: claims.exp };
  }
}
