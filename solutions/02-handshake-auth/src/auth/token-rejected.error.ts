/** Why a token was not accepted; sent to a refused client as `data.reason`. */
export type TokenRejectionReason =
  'missing_token' | 'invalid_token' | 'token_expired' | 'unknown_user';

export class TokenRejectedError extends Error {
  constructor(
    readonly reason: TokenRejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}
