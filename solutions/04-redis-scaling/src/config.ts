import { randomBytes } from 'node:crypto';
import { readJwtSecret } from './jwt-secret.js';

export interface AppConfig {
  port: number;
  /** The interface the app listens on; 127.0.0.1 keeps it on this machine. */
  host: string;
  /** The origins whose pages may call the HTTP routes (CORS). */
  corsOrigins: string[];
  /** The largest Socket.IO frame a client may send; a bigger one closes its connection. */
  wsMaxPayloadBytes: number;
  /** The rooms a socket may be in at once, the one named after its id included. */
  wsMaxRoomsPerSocket: number;
  /** The HS256 key that signs and verifies access tokens. */
  jwtSecret: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtl: number;
  /** Logins one client address may try per minute. */
  loginAttemptsPerMinute: number;
  /** Events per second a socket may send, on average… */
  wsEventsPerSecond: number;
  /** …and at once, after a quiet while. */
  wsEventBurst: number;
  /** How long a socket may keep sending over its limit before it is disconnected, in seconds. */
  wsFloodDisconnectSeconds: number;
  /** The connections one user may hold at once to one app instance; one more is refused. */
  wsMaxSocketsPerUser: number;
  /** The Redis every instance publishes to and subscribes on. */
  redisUrl: string;
  /** The adapter's channel prefix, and the start of every key the app writes: instances hear each other only when it matches. */
  redisPrefix: string;
  /** How long `createApp` waits for Redis before it gives up. */
  redisConnectTimeoutMs: number;
  /** This instance's name, carried by every message it sends. */
  instanceId: string;
  /** How long another instance counts this one's sockets and users without hearing from it. */
  presenceTtlMs: number;
  /** How long one read of the other instances' users answers every users:online of this instance. */
  usersOnlineCacheMs: number;
  /** The most users one users:online lists, the first by name: every answer is sent whole to the asker. */
  usersOnlineLimit: number;
}

/** Where the course page's playground runs. */
export const DEFAULT_CORS_ORIGINS = [
  'http://localhost:4000',
  'http://127.0.0.1:4000',
];

/** ConfigModule's validate function: reads the environment, applies defaults, throws a clear message. */
export function validateEnv(env: Record<string, unknown>): { app: AppConfig } {
  const text = (name: string): string | undefined => {
    const value = env[name];
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const wholeNumber = (name: string, fallback: number, min = 1) =>
    readWholeNumber(name, text(name), fallback, min);
  return {
    app: {
      port: readPort(text('PORT')),
      host: text('HOST') ?? '127.0.0.1',
      corsOrigins: readOrigins(text('CORS_ORIGINS')),
      wsMaxPayloadBytes: wholeNumber('WS_MAX_PAYLOAD_BYTES', 16 * 1024),
      wsMaxRoomsPerSocket: wholeNumber('WS_MAX_ROOMS_PER_SOCKET', 50, 2),
      jwtSecret: readJwtSecret(text('JWT_SECRET'), text('NODE_ENV')),
      tokenTtl: wholeNumber('TOKEN_TTL', 900),
      loginAttemptsPerMinute: wholeNumber('LOGIN_ATTEMPTS_PER_MINUTE', 10),
      wsEventsPerSecond: wholeNumber('WS_EVENTS_PER_SECOND', 20),
      wsEventBurst: wholeNumber('WS_EVENT_BURST', 40),
      wsFloodDisconnectSeconds: wholeNumber('WS_FLOOD_DISCONNECT_SECONDS', 10),
      wsMaxSocketsPerUser: wholeNumber('WS_MAX_SOCKETS_PER_USER', 10),
      redisUrl: readRedisUrl(text('REDIS_URL')),
      redisPrefix: readRedisPrefix(text('REDIS_PREFIX')),
      redisConnectTimeoutMs: wholeNumber('REDIS_CONNECT_TIMEOUT_MS', 5000),
      instanceId: readInstanceId(text('INSTANCE_ID')),
      presenceTtlMs: wholeNumber('PRESENCE_TTL_MS', 15_000, 300),
      usersOnlineCacheMs: wholeNumber('USERS_ONLINE_CACHE_MS', 1000, 0),
      usersOnlineLimit: wholeNumber('USERS_ONLINE_LIMIT', 1000),
    },
  };
}

/**
 * A Redis URL fit for a log line or an error message: the user name and
 * password (redis://user:secret@host) are replaced by `***`, and so is a
 * password given in the query (redis://host?password=secret).
 */
export function redisUrlForLogs(value: string): string {
  try {
    const url = new URL(value);
    let hidden = false;
    if (url.username !== '' || url.password !== '') {
      url.username = '***';
      url.password = '';
      hidden = true;
    }
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|token|auth/i.test(key)) {
        url.searchParams.set(key, '***');
        hidden = true;
      }
    }
    if (!hidden) return value;
    return url.toString().replace(/\/$/, '');
  } catch {
    return 'an unreadable REDIS_URL';
  }
}

function readPort(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `PORT must be a whole number from 0 to 65535, got "${value}"`,
    );
  }
  return port;
}

function readOrigins(value: string | undefined): string[] {
  if (value === undefined) return DEFAULT_CORS_ORIGINS;
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `CORS_ORIGINS must be a comma-separated list of origins like http://localhost:4000, got "${origin}"`,
      );
    }
  }
  return origins;
}

function readWholeNumber(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new Error(
      `${name} must be a whole number, ${min} or more, got "${value}"`,
    );
  }
  return number;
}

function readRedisUrl(value: string | undefined): string {
  if (value === undefined) return 'redis://127.0.0.1:6379';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: a malformed URL may still hold a password.
    throw new Error(
      'REDIS_URL must be a URL like redis://127.0.0.1:6379 (or redis://user:password@host:6379)',
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(
      `REDIS_URL must start with redis:// (or rediss:// for TLS), got "${redisUrlForLogs(value)}"`,
    );
  }
  // ioredis turns TLS on only for a lower-case rediss://: REDISS:// would connect in the clear.
  return value.replace(/^[a-z]+:/i, url.protocol);
}

function readInstanceId(value: string | undefined): string {
  const id = value?.trim();
  // Random: clients see it, and a host name and process id would tell them how the servers are named.
  if (!id) return `instance-${randomBytes(4).toString('hex')}`;
  // The other instances take no longer name from Redis.
  if (id.length > 100)
    throw new Error(
      `INSTANCE_ID must be at most 100 characters, got ${id.length}`,
    );
  return id;
}

function readRedisPrefix(value: string | undefined): string {
  if (value === undefined) return 'socket.io';
  // The adapter subscribes to the pattern <prefix>#/chat#*: a "*" or "?" in the
  // prefix would make it hear other prefixes too.
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(value)) {
    throw new Error(
      `REDIS_PREFIX must be 1–100 characters of A-Z, a-z, 0-9 and . _ : -, got "${value}"`,
    );
  }
  return value;
}
