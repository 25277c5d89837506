import { Redis } from 'ioredis';
import { hasRedisServer, PrivateRedis } from '../../scripts/lib/net/redis-server.js';
import { MissingPrerequisite } from './check-failure.js';
import { startPatientTimer } from './deadline.js';

/** A Redis the checks can use, and what they may do with it. */
export interface RedisTarget {
  url: string;
  /** True only for a server these checks started: it may be stopped and restarted. */
  canRestart: boolean;
  /** Why stop/start are not available (set when canRestart is false). */
  cannotRestartReason?: string;
  /** Where the Redis came from, for the run's header line. */
  description: string;
  /** Stops the private server (the port stays reserved for start()). */
  stop(): Promise<void>;
  /** Starts the private server again on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Stops the private server and removes its directory; a no-op for REDIS_URL. */
  close(): Promise<void>;
  /** Freezes the private server (SIGSTOP): connections stay open, no command is answered until thaw(). */
  freeze(): void;
  /** Resumes a frozen private server (SIGCONT); a no-op when it is not frozen. */
  thaw(): void;
}

export interface RedisClientInfo {
  id: string;
  addr: string;
  name: string;
  /** Channel and pattern subscriptions held by this connection. */
  subscriptions: number;
}

export const REDIS_INSTALL_HELP = [
  'Lesson 4 needs a Redis server (version 6 or newer).',
  'Install one, and the checks will start a private copy on a free port by themselves:',
  '  Debian/Ubuntu:  sudo apt-get install redis-server',
  '  macOS:          brew install redis',
  'Or run one in a container and point the checks at it:',
  '  docker run -p 6379:6379 redis:7',
  '  REDIS_URL=redis://127.0.0.1:6379 npm run check 4',
].join('\n');

// Starting a redis-server is on the path to every check of lesson 4: its deadline only says it hangs (patient: pace.ts).
const START_DEADLINE_MS = 20_000;
const PING_DEADLINE_MS = 2000;
// The checks' own look at a Redis known to be up (CLIENT LIST): only a starved machine makes it slow, and a
// failure of the checks' tooling must never read as the learner's.
const LOOK_DEADLINE_MS = 15_000;

export class RedisUnavailableError extends MissingPrerequisite {
  override name = 'RedisUnavailableError';
}

/**
 * REDIS_URL when set (shared: never flushed, reconfigured or restarted);
 * otherwise a private redis-server on a free loopback port, without persistence.
 */
export async function acquireRedis(env: NodeJS.ProcessEnv = process.env): Promise<RedisTarget> {
  const url = env.REDIS_URL?.trim();
  if (url) return useSharedRedis(url);
  if (!hasRedisServer()) {
    throw new RedisUnavailableError(`redis-server is not on the PATH and REDIS_URL is not set.\n${REDIS_INSTALL_HELP}`);
  }
  const redis = await PrivateRedis.start({
    failure: (message) => new RedisUnavailableError(`${message}\n${REDIS_INSTALL_HELP}`),
    startDeadlineMs: START_DEADLINE_MS,
    startTimer: startPatientTimer,
  });
  return {
    url: redis.url,
    canRestart: true,
    description: redis.description,
    stop: () => redis.stop(),
    start: () => redis.start(),
    close: () => redis.close(),
    freeze: () => redis.freeze(),
    thaw: () => redis.thaw(),
  };
}

async function useSharedRedis(url: string): Promise<RedisTarget> {
  try {
    await withClient(url, PING_DEADLINE_MS, (client) => client.ping());
  } catch (error) {
    throw new RedisUnavailableError(
      `REDIS_URL is ${url}, but that Redis did not answer PING within ${PING_DEADLINE_MS} ms ` +
        `(${errorMessage(error)}).\nStart it, or unset REDIS_URL to let the checks start a private one.\n${REDIS_INSTALL_HELP}`,
    );
  }
  const reason =
    'REDIS_URL is set, and the checks never stop a Redis they did not start (unset REDIS_URL to let them start a private redis-server)';
  const refuse = async (): Promise<never> => {
    throw new Error(reason);
  };
  return {
    url,
    canRestart: false,
    cannotRestartReason: reason,
    description: `Redis at ${url} (from REDIS_URL)`,
    stop: refuse,
    start: refuse,
    close: async () => undefined,
    freeze: () => {
      throw new Error(reason);
    },
    thaw: () => undefined,
  };
}

/** The clients connected to the Redis at url, not counting the connection that asks. */
export async function listRedisClients(url: string): Promise<RedisClientInfo[]> {
  return withClient(url, LOOK_DEADLINE_MS, async (client) => {
    const ownId = String(await client.client('ID'));
    const list = String(await client.client('LIST'));
    return list
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(parseClientLine)
      .filter((info) => info.id !== ownId);
  });
}

function parseClientLine(line: string): RedisClientInfo {
  const fields = new Map(
    line
      .trim()
      .split(' ')
      .map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)] as const;
      }),
  );
  const count = (key: string): number => Number(fields.get(key) ?? 0);
  return {
    id: fields.get('id') ?? '',
    addr: fields.get('addr') ?? '',
    name: fields.get('name') ?? '',
    subscriptions: count('sub') + count('psub') + count('ssub'),
  };
}

/** One short-lived connection that never retries, never queues, and is always closed. */
async function withClient<T>(url: string, deadlineMs: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, {
    lazyConnect: true,
    retryStrategy: null,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: deadlineMs,
    commandTimeout: deadlineMs + 500,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => (lastError = error));
  try {
    await client.connect();
    return await use(client);
  } catch (error) {
    // "Connection is closed" hides the cause (ECONNREFUSED, ENOTFOUND...) that the error event carried.
    throw lastError ?? error;
  } finally {
    // disconnect() on a connection that already ended leaves a 2 s timer behind in ioredis.
    if (client.status !== 'end') client.disconnect();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
