import { randomBytes } from 'node:crypto';

export interface AppConfig {
  port: number;
  /** The origins whose pages may call the HTTP routes (CORS). */
  corsOrigins: string[];
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
  /** How long another instance counts this one's sockets and users without hearing from it. */
  presenceTtlMs: number;
}

/** Good enough on a laptop, useless anywhere else: everybody can read it here. */
export const DEV_JWT_SECRET = 'dev-only-secret-set-JWT_SECRET-outside-development';

/** Where the course page's playground runs. */
export const DEFAULT_CORS_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000'];

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
const MIN_SECRET_LENGTH = 32;

/** ConfigModule's validate function: reads the environment, applies defaults, throws a clear message. */
export function validateEnv(env: Record<string, unknown>): { app: AppConfig } {
  const text = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  return {
    app: {
      port: readPort(text('PORT')),
      corsOrigins: readOrigins(text('CORS_ORIGINS')),
      jwtSecret: readSecret(text('JWT_SECRET'), text('NODE_ENV')),
      tokenTtl: readTokenTtl(text('TOKEN_TTL')),
      redisUrl: readRedisUrl(text('REDIS_URL')),
      redisPrefix: readRedisPrefix(text('REDIS_PREFIX')),
      redisConnectTimeoutMs: readConnectTimeout(text('REDIS_CONNECT_TIMEOUT_MS')),
      // Random: clients see it, and a host name and process id tell them about the servers.
      instanceId: text('INSTANCE_ID')?.trim() || `instance-${randomBytes(4).toString('hex')}`,
      presenceTtlMs: readPresenceTtl(text('PRESENCE_TTL_MS')),
    },
  };
}

/**
 * A Redis URL fit for a log line or an error message: the user name and
 * password (redis://user:secret@host) are replaced by `***`.
 */
export function redisUrlForLogs(value: string): string {
  try {
    const url = new URL(value);
    if (url.username === '' && url.password === '') return value;
    url.username = '***';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return 'an unreadable REDIS_URL';
  }
}

function readPort(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}

function readOrigins(value: string | undefined): string[] {
  if (value === undefined) return DEFAULT_CORS_ORIGINS;
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`CORS_ORIGINS must be a comma-separated list of origins like http://localhost:4000, got "${origin}"`);
    }
  }
  return origins;
}

/** The public development secret only where NODE_ENV says development or test; elsewhere boot stops. */
function readSecret(value: string | undefined, nodeEnv: string | undefined): string {
  if (value === undefined) {
    if (nodeEnv === 'development' || nodeEnv === 'test') return DEV_JWT_SECRET;
    throw new Error(
      `JWT_SECRET is not set and NODE_ENV is ${nodeEnv === undefined ? 'not set' : `"${nodeEnv}"`}: refusing to sign tokens with the public development secret. ` +
        `Set JWT_SECRET to a random string of at least ${MIN_SECRET_LENGTH} characters (node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"), ` +
        'or NODE_ENV=development on your own machine.',
    );
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters, got ${value.length}. Make one with: node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`,
    );
  }
  return value;
}

function readTokenTtl(value: string | undefined): number {
  if (value === undefined) return 900;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`TOKEN_TTL must be a whole number of seconds, 1 or more, got "${value}"`);
  }
  return seconds;
}

function readRedisUrl(value: string | undefined): string {
  if (value === undefined) return 'redis://127.0.0.1:6379';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: a malformed URL may still hold a password.
    throw new Error('REDIS_URL must be a URL like redis://127.0.0.1:6379 (or redis://user:password@host:6379)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// (or rediss:// for TLS), got "${redisUrlForLogs(value)}"`);
  }
  return value;
}

function readRedisPrefix(value: string | undefined): string {
  if (value === undefined) return 'socket.io';
  // The adapter subscribes to the pattern <prefix>#/chat#*: a "*" or "?" in the
  // prefix would make it hear other prefixes too.
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(value)) {
    throw new Error(`REDIS_PREFIX must be 1–100 characters of A-Z, a-z, 0-9 and . _ : -, got "${value}"`);
  }
  return value;
}

function readConnectTimeout(value: string | undefined): number {
  if (value === undefined) return 5000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1) {
    throw new Error(`REDIS_CONNECT_TIMEOUT_MS must be a whole number of milliseconds, 1 or more, got "${value}"`);
  }
  return ms;
}

function readPresenceTtl(value: string | undefined): number {
  if (value === undefined) return 15_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 300) {
    throw new Error(`PRESENCE_TTL_MS must be a whole number of milliseconds, 300 or more, got "${value}"`);
  }
  return ms;
}
