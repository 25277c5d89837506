import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Node's scrypt defaults (N = 16384, r = 8, p = 1) with a 16-byte salt and a
// 64-byte key. A stored hash is `<salt as hex>:<key as hex>`.
const SALT_BYTES = 16;
const KEY_BYTES = 64;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, KEY_BYTES);
  return `${salt.toString('hex')}:${key.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [saltHex, keyHex] = stored.split(':');
  if (!saltHex || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = await deriveKey(password, Buffer.from(saltHex, 'hex'), expected.length);
  // A plain === stops at the first differing byte, and that timing difference
  // can be measured from outside; timingSafeEqual always compares every byte.
  return timingSafeEqual(actual, expected);
}

function deriveKey(password: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
