/**
 * The token of an `Authorization: Bearer <token>` header, or undefined.
 * RFC 9110 §11.4: the scheme is case-insensitive and followed by one or more
 * spaces; anything else in the header (another scheme, a second word) is no Bearer token.
 */
export function bearerToken(
  authorization: string | undefined,
): string | undefined {
  // TODO 6: the token of such a header, as RFC 9110 reads it (Your tasks, 6)
  return undefined;
}
