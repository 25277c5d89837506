import { readJwtSecret } from './jwt-secret.js';

export interface AppConfig {
  port: number;
  /** The interface the app listens on; 127.0.0.1 keeps it on this machine. */
  host: string;
  /** Origins whose pages may call the HTTP routes (CORS). */
  corsOrigins: string[];
  /** The HS256 key that signs and verifies access tokens. */
  jwtSecret: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtl: number;
  /** Logins one client address may try per minute. */
  loginAttemptsPerMinute: number;
  /** Lifetime of a stream ticket, in seconds. */
  ticketTtl: number;
  /** How many unused tickets one user may hold; a new one evicts that user's oldest. */
  ticketsPerUser: number;
  /** How many streams one user may have open at once; one more is refused with 429. */
  streamsPerUser: number;
  /** Milliseconds between two `: keep-alive` comments on an open stream. */
  heartbeatMs: number;
  /** How many recent notifications are kept, per recipient, to replay to a client that resumes. */
  replayLimit: number;
  /** Milliseconds a notification is kept for replay; an older one is dropped. */
  replayMaxAgeMs: number;
  /** How many notifications are kept for replay in all, across recipients; one more drops the oldest. */
  replayTotal: number;
  /** Notifications one user may publish per minute; one more is refused with 429. */
  publishesPerMinute: number;
}

// A stream ends when its access token expires, on a timer; Node's timers cannot
// wait longer than 2^31-1 ms (24.8 days), so a day is the limit here.
const MAX_TOKEN_TTL = 86_400;

// The heartbeat is an interval: Node runs one longer than 2^31-1 ms every 1 ms
// instead (with a warning), so a longer HEARTBEAT_MS is refused at boot.
const MAX_TIMER_MS = 2 ** 31 - 1;

const DEFAULT_CORS_ORIGINS = 'http://localhost:4000,http://127.0.0.1:4000';

/**
 * ConfigModule's validate function: reads the environment, applies defaults,
 * and throws a message that says what to change.
 */
export function validateEnv(env: Record<string, unknown>): { app: AppConfig } {
  return {
    app: {
      port: readWholeNumber(env, 'PORT', 3000, 0, 65_535),
      host: text(env, 'HOST') ?? '127.0.0.1',
      corsOrigins: readOrigins(env),
      jwtSecret: readJwtSecret(text(env, 'JWT_SECRET'), text(env, 'NODE_ENV')),
      tokenTtl: readWholeNumber(env, 'TOKEN_TTL', 900, 1, MAX_TOKEN_TTL),
      loginAttemptsPerMinute: readWholeNumber(
        env,
        'LOGIN_ATTEMPTS_PER_MINUTE',
        10,
        1,
        100_000,
      ),
      ticketTtl: readPositiveNumber(env, 'TICKET_TTL', 30),
      ticketsPerUser: readWholeNumber(env, 'TICKETS_PER_USER', 5, 1, 1000),
      streamsPerUser: readWholeNumber(env, 'STREAMS_PER_USER', 5, 1, 1000),
      heartbeatMs: readWholeNumber(
        env,
        'HEARTBEAT_MS',
        15_000,
        1,
        MAX_TIMER_MS,
      ),
      replayLimit: readWholeNumber(env, 'REPLAY_LIMIT', 100, 0, 100_000),
      replayMaxAgeMs: readPositiveNumber(env, 'REPLAY_MAX_AGE_MS', 3_600_000),
      replayTotal: readWholeNumber(env, 'REPLAY_TOTAL', 10_000, 0, 1_000_000),
      publishesPerMinute: readWholeNumber(
        env,
        'PUBLISHES_PER_MINUTE',
        30,
        1,
        100_000,
      ),
    },
  };
}

function text(env: Record<string, unknown>, name: string): string | undefined {
  const value = env[name];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readOrigins(env: Record<string, unknown>): string[] {
  const value = text(env, 'CORS_ORIGINS') ?? DEFAULT_CORS_ORIGINS;
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `CORS_ORIGINS must be comma-separated origins like http://localhost:4000 (no path), got "${origin}"`,
      );
    }
  }
  return origins;
}

function readWholeNumber(
  env: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new Error(
      `${name} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return number;
}

function readPositiveNumber(
  env: Record<string, unknown>,
  name: string,
  fallback: number,
): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`${name} must be a number greater than 0, got "${value}"`);
  }
  return number;
}
