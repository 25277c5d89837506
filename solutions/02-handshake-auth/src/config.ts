export interface AppConfig {
  port: number;
  /** The HS256 key that signs and verifies access tokens. */
  jwtSecret: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtl: number;
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
