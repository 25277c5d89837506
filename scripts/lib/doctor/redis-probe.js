import { fail, ok, warn } from './finding.js';
import { versionOf } from './machine-probes.js';

/** @typedef {import('./finding.js').Finding} Finding */

const DEFAULT_URL = 'redis://127.0.0.1:6379';
const PING_DEADLINE_MS = 2000;
const INSTALL =
  'install Redis: sudo apt-get install redis-server (Debian, Ubuntu, WSL) · brew install redis (macOS) · or docker run -p 6379:6379 redis:7 and REDIS_URL=redis://127.0.0.1:6379';

/** A URL as it may be shown: without its password. @param {string} url */
export function withoutPassword(url) {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/** @param {string} url @returns {Promise<string | undefined>} why it did not answer, or nothing when it did */
async function ping(url) {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PING_DEADLINE_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  /** @type {string | undefined} */
  let heard;
  // ioredis rejects with 'Connection is closed.'; the socket's own error (ECONNREFUSED …) says more.
  client.on('error', (/** @type {Error} */ error) => (heard ??= error.message));
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${PING_DEADLINE_MS} ms`)), PING_DEADLINE_MS).unref(),
      ),
    ]);
    return undefined;
  } catch (error) {
    return heard ?? (error instanceof Error ? error.message : String(error));
  } finally {
    client.disconnect();
  }
}

/**
 * Lesson 4's checks use REDIS_URL when it is set, else start a private
 * redis-server; `npm run lesson 4` uses REDIS_URL, by default the local one.
 * @returns {Promise<Finding>}
 */
export async function redis(env = process.env) {
  const url = env.REDIS_URL?.trim();
  if (url) {
    const why = await ping(url);
    if (!why) return ok(`Redis answers at REDIS_URL ${withoutPassword(url)} (lesson 4)`);
    return fail(
      `REDIS_URL is ${withoutPassword(url)}, but no Redis answered there (${why}); lesson 4 cannot run`,
      `start that Redis, or unset REDIS_URL and ${INSTALL}`,
    );
  }
  const server = versionOf('redis-server');
  const local = await ping(DEFAULT_URL);
  if (server && !local)
    return ok(
      `${server.replace(/ sha=.*/, '')}: lesson 4's checks start a private one; a Redis also answers at ${DEFAULT_URL} for npm run lesson 4`,
    );
  if (server) {
    return warn(
      `${server.replace(/ sha=.*/, '')} found (lesson 4's checks start a private one), but none runs at ${DEFAULT_URL} for npm run lesson 4`,
      'redis-server --daemonize yes   (or start the redis-server service) before npm run lesson 4',
    );
  }
  if (!local)
    return fail(
      `a Redis answers at ${DEFAULT_URL}, but REDIS_URL is not set and redis-server is not on the PATH, so lesson 4's checks stop`,
      `export REDIS_URL=${DEFAULT_URL}`,
    );
  return fail(
    'no Redis: redis-server is not on the PATH, REDIS_URL is not set, and nothing answers at 127.0.0.1:6379; lesson 4 cannot run',
    INSTALL,
  );
}
