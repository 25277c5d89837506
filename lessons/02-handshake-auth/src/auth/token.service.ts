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
    // TODO 4: the claims only of a string this app signed for this purpose and that is still
    //   valid; anything else is refused with the reason the README gives (Your tasks, 4)
    const claims: Partial<TokenClaims> & { exp?: unknown } = {};

    // TODO 5: a token that names no user or no end speaks for nobody, and its user must exist;
    //   resolve with that user and the end (Your tasks, 5)
    throw new TokenRejectedError(
      'invalid_token',
      `Not implemented yet: the user of ${typeof claims.sub} (TODO 5)`,
    );
  }
}
