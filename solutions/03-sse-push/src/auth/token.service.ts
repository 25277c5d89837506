import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config.js';
import { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { IssuedToken, TokenClaims, VerifiedToken } from './token-claims.js';
import { TokenRejectedError } from './token-rejected.error.js';

// Pinning the algorithm stops tokens signed with HS384/HS512 under the same key
// and key-confusion tricks (jsonwebtoken already refuses `alg: none` when a key
// is given). The issuer and audience are set at login and required here
// (RFC 8725): a token this key signed for another purpose is refused.
const ALGORITHM = 'HS256';
export const TOKEN_ISSUER = 'realtime-course';
export const TOKEN_AUDIENCE = 'realtime-course-api';

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly config: ConfigService,
  ) {}

  async issue(user: User): Promise<IssuedToken> {
    const claims: TokenClaims = { sub: user.id, name: user.name, role: user.role };
    const { tokenTtl } = this.config.getOrThrow<AppConfig>('app');
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ALGORITHM,
      expiresIn: tokenTtl,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    return { accessToken, expiresIn: tokenTtl };
  }

  /**
   * Checks a token from an untrusted client: its type, signature, algorithm,
   * issuer, audience, `exp` and `nbf`, and that its user still exists. Throws a
   * TokenRejectedError that says why when any of that fails.
   */
  async verify(token: unknown): Promise<VerifiedToken> {
    if (token === undefined || token === null || token === '') {
      throw new TokenRejectedError('missing_token', 'No token was sent');
    }
    if (typeof token !== 'string') {
      throw new TokenRejectedError('invalid_token', `The token must be a string, got ${describe(token)}`);
    }
    let claims: Partial<TokenClaims> & { exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync(token, {
        algorithms: [ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
    } catch (error) {
      throw toRejection(error);
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

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function toRejection(error: unknown): TokenRejectedError {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  if (name === 'TokenExpiredError') {
    return new TokenRejectedError('token_expired', 'The token has expired');
  }
  // JsonWebTokenError (bad signature, wrong algorithm, malformed) and
  // NotBeforeError (not valid yet) alike: the token cannot be used now.
  return new TokenRejectedError('invalid_token', `The token is not valid: ${message}`);
}
