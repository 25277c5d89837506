import {
  randomBytes,
  scrypt,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

/**
 * OWASP's scrypt parameters (N = 2^17, r = 8, p = 1): a login costs about
 * 128 MiB of memory and a few hundred milliseconds, which is the point.
 * They are stored with each hash, so they can be raised later and old hashes
 * still verify. A stored hash is `scrypt$<N>$<r>$<p>$<salt as hex>$<key as hex>`.
 */
const COST = { N: 2 ** 17, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 64;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, KEY_BYTES, COST);
  return [
    'scrypt',
    COST.N,
    COST.r,
    COST.p,
    salt.toString('hex'),
    key.toString('hex'),
  ].join('$');
}

export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const [scheme, N, r, p, saltHex, keyHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = await deriveKey(
    password,
    Buffer.from(saltHex, 'hex'),
    expected.length,
    { N: Number(N), r: Number(r), p: Number(p) },
  );
  // A plain === stops at the first differing byte, and that timing difference
  // can be measured from outside; timingSafeEqual always compares every byte.
  return timingSafeEqual(actual, expected);
}

function deriveKey(
  password: string,
  salt: Buffer,
  length: number,
  { N, r, p }: { N: number; r: number; p: number },
): Promise<Buffer> {
  // scrypt needs 128 · N · r bytes; Node refuses more than maxmem (32 MiB by default).
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
