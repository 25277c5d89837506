import { hostname } from 'node:os';

export interface AppConfig {
  port: number;
  /** The HS256 key that signs and verifies access tokens. */
  jwtSecret: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtl: number;
  /** The Redis every instance publishes to and subscribes on. */
  redisUrl: string;
  /** The adapter's channel prefix: instances hear each other only when it matches. */
  redisPrefix: string;
  /** How long `createApp` waits for Redis before it gives up. */
  redisConnectTimeoutMs: number;
  /** This instance's name, carried by every message it sends. */
  instanceId: string;
}

/** Good enough on a laptop, useless anywhere else: everybody can read it here. */
export const DEV_JWT_SECRET = 'dev-only-secret-set-JWT_SECRET-outside-development';

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
const MIN_SECRET_LENGTH = 32;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: readPort(env.PORT),
    jwtSecret: readSecret(env.JWT_SECRET),
    tokenTtl: readTokenTtl(env.TOKEN_TTL),
    redisUrl: readRedisUrl(env.REDIS_URL),
    redisPrefix: readRedisPrefix(env.REDIS_PREFIX),
    redisConnectTimeoutMs: readConnectTimeout(env.REDIS_CONNECT_TIMEOUT_MS),
    instanceId: env.INSTANCE_ID?.trim() || `${hostname()}-${process.pid}`,
  };
}

/**
 * The development secret is fine while NODE_ENV is unset, `development` or
 * `test`; anywhere else it is almost certainly a forgotten JWT_SECRET.
 */
export function devSecretWarning(
  config: AppConfig,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (config.jwtSecret !== DEV_JWT_SECRET || ['development', 'test'].includes(nodeEnv)) {
    return undefined;
  }
  return `JWT_SECRET is not set and NODE_ENV is "${nodeEnv}": tokens are signed with the public development secret. Set JWT_SECRET to a random string of at least ${MIN_SECRET_LENGTH} characters.`;
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}

function readSecret(value: string | undefined): string {
  if (value === undefined || value === '') return DEV_JWT_SECRET;
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters, got ${value.length}. Make one with: node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`,
    );
  }
  return value;
}

function readTokenTtl(value: string | undefined): number {
  if (value === undefined || value === '') return 900;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`TOKEN_TTL must be a whole number of seconds, 1 or more, got "${value}"`);
  }
  return seconds;
}

function readRedisUrl(value: string | undefined): string {
  if (value === undefined || value === '') return 'redis://127.0.0.1:6379';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`REDIS_URL must be a URL like redis://127.0.0.1:6379, got "${value}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// (or rediss:// for TLS), got "${value}"`);
  }
  return value;
}

function readRedisPrefix(value: string | undefined): string {
  if (value === undefined || value === '') return 'socket.io';
  // The adapter subscribes to the pattern <prefix>#/chat#*: a "*" or "?" in the
  // prefix would make it hear other prefixes too.
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(value)) {
    throw new Error(`REDIS_PREFIX must be 1–100 characters of A-Z, a-z, 0-9 and . _ : -, got "${value}"`);
  }
  return value;
}

function readConnectTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return 5000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1) {
    throw new Error(`REDIS_CONNECT_TIMEOUT_MS must be a whole number of milliseconds, 1 or more, got "${value}"`);
  }
  return ms;
}
