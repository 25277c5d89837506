import { Role, User } from '../users/user.js';

/** The claims of an access token this app signs; `iat` and `exp` are added by the signer. */
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
