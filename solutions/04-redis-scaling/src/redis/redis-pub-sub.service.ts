import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis, type RedisOptions } from 'ioredis';
import { type AppConfig, redisUrlForLogs } from '../config.js';
import { surviveOutages } from './redis-client.events.js';

/** The two connections the Socket.IO Redis adapter needs: one publishes, one subscribes. */
@Injectable()
export class RedisPubSubService {
  private readonly logger = new Logger('Redis');
  private readonly config: AppConfig;
  readonly publisher: Redis;
  readonly subscriber: Redis;

  constructor(config: ConfigService) {
    this.config = config.getOrThrow<AppConfig>('app');
    this.publisher = new Redis(this.config.redisUrl, {
      ...whileRedisIsAway(),
      lazyConnect: true,
      // How long disconnect() waits for Redis to close its side before it destroys the socket (2 s by
      // default): a Redis that hangs never does, and a closing app would wait that long for nothing.
      disconnectTimeout: 200,
    });
    // A second connection, with the same options, for the subscription: its deliveries never wait behind the commands.
    this.subscriber = this.publisher.duplicate();
  }

  /** Both connections ready, or an error within REDIS_CONNECT_TIMEOUT_MS that says why. */
  async connect(): Promise<void> {
    const urlForLogs = redisUrlForLogs(this.config.redisUrl);
    surviveOutages(this.publisher, 'publisher', this.logger, urlForLogs);
    surviveOutages(this.subscriber, 'subscriber', this.logger, urlForLogs);
    const clients = [this.publisher, this.subscriber];
    const { redisUrl, redisConnectTimeoutMs } = this.config;
    let cause = 'no answer';
    const remember = (error: Error): void => {
      cause = error.message;
    };
    for (const client of clients) client.on('error', remember);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>(
      (resolve) =>
        (timer = setTimeout(() => resolve(false), redisConnectTimeoutMs)),
    );
    const connected = await Promise.race([
      this.bothReady().then(() => true),
      deadline,
    ]);
    clearTimeout(timer);
    for (const client of clients) client.off('error', remember);
    if (!connected) {
      // Stop the retries: an app that failed to boot must not knock on Redis forever.
      for (const client of clients) client.disconnect();
      throw new Error(
        `Could not connect to Redis at ${redisUrlForLogs(redisUrl)} within ${redisConnectTimeoutMs} ms (${cause}). ` +
          'Start Redis (`redis-server`, or `docker run -p 6379:6379 redis:7`) or set REDIS_URL to one that is running.',
      );
    }
  }

  /** Connects both connections; resolves once both are ready, however many attempts that takes. */
  private bothReady(): Promise<unknown> {
    return Promise.all(
      [this.publisher, this.subscriber].map((client) => {
        // connect() rejects on the first refusal while the retries go on: 'ready' is what counts.
        client.connect().catch(() => undefined);
        return new Promise((resolve) => client.once('ready', resolve));
      }),
    );
  }

  /** After Nest has closed the Socket.IO servers: both connections closed before app.close() resolves. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publisher, this.subscriber].map(close));
  }
}

/** How long a ready connection may take to answer QUIT before it is dropped. */
const QUIT_DEADLINE_MS = 1000;

async function close(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    // Not connected (Redis is away, or it never was): stop the retries; there is nothing to wait for.
    client.disconnect();
    return;
  }
  const ended = new Promise((resolve) => client.once('end', resolve));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>(
    (resolve) => (timer = setTimeout(() => resolve('late'), QUIT_DEADLINE_MS)),
  );
  const quit = client.quit().then(
    () => ended,
    () => client.disconnect(),
  );
  // A Redis that hangs never answers QUIT: drop the connection rather than hold the shutdown.
  if ((await Promise.race([quit, late])) === 'late') client.disconnect();
  clearTimeout(timer);
  // disconnect() waits for the server's side to close at most disconnectTimeout, then destroys the socket.
  await ended;
}

/** What both connections do while Redis is away (the subscriber copies the publisher's options). */
function whileRedisIsAway(): RedisOptions {
  return {
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  };
}
