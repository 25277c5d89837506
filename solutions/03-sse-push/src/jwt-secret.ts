import { randomBytes } from 'node:crypto';

/**
 * Development and test only, when JWT_SECRET is not set: a new key at every
 * start, so that no key stands in the source for any web page to sign an
 * admin's token with. `npm run lesson` sets a key of its own, kept per checkout.
 */
const DEVELOPMENT_JWT_SECRET = randomBytes(32).toString('hex');

/** The development secret this course's source once held: public, so never a key. */
const PUBLISHED_SECRET = 'dev-only-secret-set-JWT_SECRET-outside-development';

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
const MIN_KEY_BYTES = 32;
const MAKE_A_SECRET = `node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`;

/**
 * JWT_SECRET, failing closed: a random development key only when NODE_ENV says
 * this is a laptop or a test run (unset NODE_ENV, common in containers, is not);
 * anywhere else a key of at least 32 random bytes, written as hex or base64.
 */
export function readJwtSecret(
  value: string | undefined,
  nodeEnv: string | undefined,
): string {
  const laptop = nodeEnv === 'development' || nodeEnv === 'test';
  if (value === undefined) {
    if (laptop) return DEVELOPMENT_JWT_SECRET;
    throw new Error(
      `JWT_SECRET is not set and NODE_ENV is ${nodeEnv === undefined ? 'unset' : `"${nodeEnv}"`}: ` +
        'a development key is only made when NODE_ENV is development or test. ' +
        `Set JWT_SECRET to ${MIN_KEY_BYTES} random bytes as hex, made with: ${MAKE_A_SECRET}`,
    );
  }
  if (value === PUBLISHED_SECRET) throw new Error(publishedSecret());
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
  if (value === PUBLISHED_SECRET) return 'is the published development secret';
  const bytes = keyBytes(value);
  if (bytes === undefined)
    return `is neither hex nor base64 (${value.length} characters)`;
  if (bytes < MIN_KEY_BYTES)
    return `is ${value.length} characters long; ${MIN_KEY_BYTES} bytes take 64 hex or 43 base64 characters`;
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
  // Words repeat their letters far more than random bytes do. Of 2 000 000 keys from randomBytes(32) the
  // most repetitive held 3.33 bits per character as hex and 4.05 as base64: the floors leave a margin.
  if (bitsPerCharacter(value.replace(/=+$/, '')) < (hex ? 3 : 3.75))
    return 'repeats its characters more than random bytes do';
  return undefined;
}

/** Shannon entropy of the text's characters, in bits per character. */
function bitsPerCharacter(text: string): number {
  const counts = new Map<string, number>();
  for (const character of text)
    counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / text.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

function publishedSecret(): string {
  return `JWT_SECRET is the development secret this course's source once held: anyone can sign tokens with it. Unset it (npm run lesson makes a key per checkout) or make one with: ${MAKE_A_SECRET}`;
}

/** How many bytes a hex or base64 (either alphabet, padded or not) key holds. */
function keyBytes(value: string): number | undefined {
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) return value.length / 2;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value))
    return Math.floor((value.replace(/=+$/, '').length * 6) / 8);
  return undefined;
}
