import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MissingPrerequisite } from './check-failure.js';
import { patientTimeout, type PatientTimer } from './pace.js';

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
const STOP_DEADLINE_MS = 3000;
const PING_DEADLINE_MS = 2000;
const POLL_MS = 20;

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
  if (!isOnPath('redis-server')) {
    throw new RedisUnavailableError(`redis-server is not on the PATH and REDIS_URL is not set.\n${REDIS_INSTALL_HELP}`);
  }
  return PrivateRedis.start();
}

async function useSharedRedis(url: string): Promise<RedisTarget> {
  try {
    await withClient(url, (client) => client.ping());
  } catch (error) {
    throw new RedisUnavailableError(
      `REDIS_URL is ${url}, but that Redis did not answer PING within ${PING_DEADLINE_MS} ms ` +
        `(${errorMessage(error)}).\nStart it, or unset REDIS_URL to let the checks start a private one.\n${REDIS_INSTALL_HELP}`,
    );
  }
  const reason = 'REDIS_URL is set, and the checks never stop a Redis they did not start (unset REDIS_URL to let them start a private redis-server)';
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
  };
}

class PrivateRedis implements RedisTarget {
  readonly canRestart = true;
  readonly url: string;
  readonly description: string;
  private child: ChildProcess | undefined;
  private output = '';
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  private constructor(
    private readonly port: number,
    private readonly dir: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
    this.description = `a private redis-server on port ${port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'course-redis-'));
    const redis = new PrivateRedis(await findFreePort(), dir);
    process.once('exit', redis.killOnExit);
    try {
      await redis.start();
    } catch (error) {
      await redis.close();
      throw error;
    }
    return redis;
  }

  async start(): Promise<void> {
    if (this.child) return;
    this.output = '';
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', this.dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-2000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const spawnFailed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new RedisUnavailableError(`Could not start redis-server: ${error.message}\n${REDIS_INSTALL_HELP}`)));
      child.once('exit', (code, signal) =>
        reject(new RedisUnavailableError(`redis-server exited (${signal ?? `code ${code}`}) before answering PING on port ${this.port}:\n${this.output.trim()}`)),
      );
    });
    spawnFailed.catch(() => undefined);
    try {
      await Promise.race([waitForPong(this.port, START_DEADLINE_MS), spawnFailed]);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    let timer: PatientTimer | undefined;
    const tooSlow = new Promise<boolean>((resolve) => (timer = patientTimeout(() => resolve(true), STOP_DEADLINE_MS)));
    const slow = await Promise.race([exited.then(() => false), tooSlow]);
    timer?.clear();
    if (slow) {
      child.kill('SIGKILL');
      await exited;
    }
    this.child = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    process.removeListener('exit', this.killOnExit);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The clients connected to the Redis at url, not counting the connection that asks. */
export async function listRedisClients(url: string): Promise<RedisClientInfo[]> {
  return withClient(url, async (client) => {
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
async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, {
    lazyConnect: true,
    retryStrategy: null,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: PING_DEADLINE_MS,
    commandTimeout: PING_DEADLINE_MS + 500,
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

function waitForPong(port: number, deadlineMs: number): Promise<void> {
  let expired = false;
  const deadline = patientTimeout(() => (expired = true), deadlineMs);
  return new Promise<void>((resolve, reject) => {
    const attempt = (): void => {
      const socket = createConnection({ host: '127.0.0.1', port });
      let reply = '';
      let settled = false;
      const finish = (answered: boolean): void => {
        if (settled) return;
        settled = true;
        socket.destroy();
        if (answered) resolve();
        else if (expired) {
          reject(new RedisUnavailableError(`redis-server on port ${port} did not answer PING within ${deadlineMs} ms`));
        } else setTimeout(attempt, POLL_MS);
      };
      socket.setTimeout(500, () => finish(false));
      socket.once('error', () => finish(false));
      socket.once('close', () => finish(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
      });
    };
    attempt();
  }).finally(() => deadline.clear());
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Asked once per check file: spawnSync blocks every check running beside the one that asks.
const onPath = new Map<string, boolean>();
function isOnPath(command: string): boolean {
  if (!onPath.has(command)) onPath.set(command, spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0);
  return onPath.get(command) ?? false;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
