export interface AppConfig {
  port: number;
  /** Origins allowed to call the HTTP routes from a browser (CORS). */
  corsOrigins: string[];
  /** The HS256 key that signs and verifies access tokens. */
  jwtSecret: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtl: number;
}

/** Good enough on a laptop, useless anywhere else: everybody can read it here. */
export const DEV_JWT_SECRET = 'dev-only-secret-set-JWT_SECRET-outside-development';

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
const MIN_SECRET_LENGTH = 32;
const DEFAULT_CORS_ORIGINS = 'http://localhost:4000,http://127.0.0.1:4000';
const MAKE_A_SECRET = `node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`;

/** ConfigModule's validate function: reads the environment, applies defaults, throws a clear message. */
export function validateEnv(env: Record<string, unknown>): { app: AppConfig } {
  return {
    app: {
      port: readPort(text(env.PORT)),
      corsOrigins: readOrigins(text(env.CORS_ORIGINS)),
      jwtSecret: readSecret(text(env.JWT_SECRET), text(env.NODE_ENV)),
      tokenTtl: readTokenTtl(text(env.TOKEN_TTL)),
    },
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
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
  return (value ?? DEFAULT_CORS_ORIGINS)
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/**
 * Fails closed: the public development secret is used only when NODE_ENV says
 * this is a laptop or a test run. Unset NODE_ENV (common in containers) is not.
 */
function readSecret(value: string | undefined, nodeEnv: string | undefined): string {
  if (value === undefined) {
    if (nodeEnv === 'development' || nodeEnv === 'test') return DEV_JWT_SECRET;
    throw new Error(
      `JWT_SECRET is not set and NODE_ENV is ${nodeEnv === undefined ? 'unset' : `"${nodeEnv}"`}: ` +
        `the development secret is only used when NODE_ENV is development or test. ` +
        `Set JWT_SECRET to a random string of at least ${MIN_SECRET_LENGTH} characters, made with: ${MAKE_A_SECRET}`,
    );
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters, got ${value.length}. Make one with: ${MAKE_A_SECRET}`);
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
