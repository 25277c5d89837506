import { Role, User } from '../users/user.js';

/** The one algorithm this app signs with, and so the only one it accepts. */
export const TOKEN_ALGORITHM = 'HS256';

/** Who signs the access tokens (`iss`), and what they are for (`aud`): RFC 8725 §3.8–3.9. */
export const TOKEN_ISSUER = 'realtime-course';
export const TOKEN_AUDIENCE = 'chat';

/** The claims of an access token this app signs; `iat`, `exp`, `iss` and `aud` are added by the signer. */
export interface TokenClaims {
  sub: string;
  name: string;
  role: Role;
}

export interface IssuedToken {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

/** A token that passed every check, and the user it speaks for. */
export interface VerifiedToken {
  user: User;
  /** Expiry, in seconds since the epoch (the `exp` claim). */
  exp: number;
}
