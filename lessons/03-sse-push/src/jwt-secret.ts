/** Good enough on a laptop, useless anywhere else: everybody can read it here. */
export const DEV_JWT_SECRET =
  'dev-only-secret-set-JWT_SECRET-outside-development';

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
const MIN_KEY_BYTES = 32;
const MAKE_A_SECRET = `node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`;

/**
 * JWT_SECRET, failing closed: the public development secret only when NODE_ENV
 * says this is a laptop or a test run (unset NODE_ENV, common in containers, is
 * not); anywhere else a key of at least 32 random bytes, written as hex or base64.
 */
export function readJwtSecret(
  value: string | undefined,
  nodeEnv: string | undefined,
): string {
  const laptop = nodeEnv === 'development' || nodeEnv === 'test';
  if (value === undefined) {
    if (laptop) return DEV_JWT_SECRET;
    throw new Error(
      `JWT_SECRET is not set and NODE_ENV is ${nodeEnv === undefined ? 'unset' : `"${nodeEnv}"`}: ` +
        'the development secret is only used when NODE_ENV is development or test. ' +
        `Set JWT_SECRET to ${MIN_KEY_BYTES} random bytes as hex, made with: ${MAKE_A_SECRET}`,
    );
  }
  if (laptop) return value;
  const problem = keyProblem(value);
  if (problem !== undefined) {
    throw new Error(
      `JWT_SECRET ${problem}. It must hold ${MIN_KEY_BYTES} random bytes or more; make one with: ${MAKE_A_SECRET}`,
    );
  }
  return value;
}

/** Why `value` is not a key, or undefined when it is one. */
export function keyProblem(value: string): string | undefined {
  if (value === DEV_JWT_SECRET) return 'is the public development secret';
  const bytes = keyBytes(value);
  if (bytes === undefined)
    return `is neither hex nor base64 (${value.length} characters)`;
  if (bytes < MIN_KEY_BYTES) return `holds ${bytes} bytes of key`;
  // A repeated character or word ('a' × 64, 'changeme' × 8) is long enough and guessable at once.
  if (/^(.+?)\1+$/s.test(value)) return 'is one short text repeated';
  if (new Set(value).size < 8)
    return `uses only ${new Set(value).size} different characters`;
  // Random bytes written as hex hold letters and digits, and as base64 both letter cases, all but surely
  // (a miss is rarer than 1 in 10^9); a word or a phrase does not.
  const hex = /^[0-9a-f]+$/i.test(value);
  if (
    hex
      ? !/[0-9]/.test(value) || !/[a-f]/i.test(value)
      : !/[a-z]/.test(value) || !/[A-Z]/.test(value)
  ) {
    return 'looks like words, not random bytes';
  }
  return undefined;
}

/** How many bytes a hex or base64 (either alphabet, padded or not) key holds. */
function keyBytes(value: string): number | undefined {
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) return value.length / 2;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value))
    return Math.floor((value.replace(/=+$/, '').length * 6) / 8);
  return undefined;
}
