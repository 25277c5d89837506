import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis, RedisOptions } from 'ioredis';
import { APP_CONFIG } from '../app-config.token.js';
import type { AppConfig } from '../config.js';

const CLIENT_OPTIONS: RedisOptions = {
  // Nothing goes over the network until connect() is called.
  lazyConnect: true,
  // While Redis is away, fail a publish at once instead of queueing it: the
  // local half of a broadcast must not wait, and a queue of stale messages
  // would be replayed when Redis returns.
  enableOfflineQueue: false,
  // Wait 100 ms, 200 ms, ... and at most 1 s between attempts to reconnect, so
  // that delivery resumes within about a second of Redis coming back.
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  // disconnect() is only used on connections that are not ready (a ready one
  // quits), and ioredis keeps the process alive this long after each call.
  disconnectTimeout: 100,
};

const QUIT_DEADLINE_MS = 1000;

/** The two connections the Socket.IO Redis adapter needs: one publishes, one subscribes. */
@Injectable()
export class RedisPubSubService implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly publisher: Redis;
  readonly subscriber: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.publisher = ignoreUnawaitedFailures(new Redis(config.redisUrl, CLIENT_OPTIONS));
    // A connection in subscriber mode cannot publish, hence a second one.
    this.subscriber = ignoreUnawaitedFailures(this.publisher.duplicate());
    this.reportOutages(this.publisher, 'publisher');
    this.reportOutages(this.subscriber, 'subscriber');
  }

  /** Connects both clients, or fails within REDIS_CONNECT_TIMEOUT_MS saying how to get a Redis. */
  async connect(): Promise<void> {
    const { redisUrl, redisConnectTimeoutMs } = this.config;
    let lastError: Error | undefined;
    const remember = (error: Error): void => {
      lastError = error;
    };
    const clients = [this.publisher, this.subscriber];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), redisConnectTimeoutMs)));
    const ready = Promise.all(clients.map((client) => whenReady(client, remember)));
    const outcome = await Promise.race([ready, deadline]);
    clearTimeout(timer);
    for (const client of clients) client.off('error', remember);
    if (outcome === 'timeout') {
      this.disconnect();
      const cause = lastError?.message ?? 'no answer';
      throw new Error(
        `Could not connect to Redis at ${redisUrl} within ${redisConnectTimeoutMs} ms (${cause}). ` +
          'Start Redis (`redis-server`, or `docker run -p 6379:6379 redis:7`) or set REDIS_URL to one that is running.',
      );
    }
  }

  /** True while both connections are open: messages can cross to other instances. */
  isUp(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  /**
   * Runs after Nest has closed the Socket.IO server, whose adapter still
   * unsubscribes on its way out.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([quit(this.publisher), quit(this.subscriber)]);
  }

  /** Drops both connections without a goodbye: for clients that never became ready. */
  private disconnect(): void {
    for (const client of [this.publisher, this.subscriber]) {
      if (client.status !== 'end') client.disconnect();
    }
  }

  /** One warning when a connection drops, one when it is back; not one per retry. */
  private reportOutages(client: Redis, role: string): void {
    let connected = false;
    let everConnected = false;
    // Without an error listener ioredis prints every failed retry; the two below say it once.
    client.on('error', () => undefined);
    // 'reconnecting' follows a failed attempt or a lost connection, never quit() or disconnect().
    client.on('reconnecting', () => {
      if (!connected) return;
      connected = false;
      this.logger.warn(`Lost the ${role} connection to ${this.config.redisUrl}; reconnecting`);
    });
    client.on('ready', () => {
      if (everConnected) this.logger.warn(`The ${role} connection to ${this.config.redisUrl} is back`);
      connected = everConnected = true;
    });
  }
}

/**
 * The Socket.IO adapter publishes and unsubscribes without awaiting the reply.
 * While Redis is away each of those commands fails, and a rejected promise that
 * nobody awaits ends a Node process. Local delivery does not depend on them,
 * so their failures are dropped here (commands that are awaited still see them).
 */
function ignoreUnawaitedFailures(client: Redis): Redis {
  const send = client.sendCommand.bind(client);
  client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    const reply = send(...args);
    if (reply instanceof Promise) reply.catch(() => undefined);
    return reply;
  };
  return client;
}

/** Resolves on 'ready'; until then ioredis keeps retrying (retryStrategy). */
function whenReady(client: Redis, onError: (error: Error) => void): Promise<void> {
  client.on('error', onError);
  // connect() rejects on the first refusal, while the retries go on: 'ready' is what counts.
  client.connect().catch(() => undefined);
  return new Promise((resolve) => client.once('ready', resolve));
}

async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const tooSlow = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_DEADLINE_MS)));
    await Promise.race([client.quit().catch(() => undefined), tooSlow]);
    clearTimeout(timer);
  }
  if (client.status !== 'end') client.disconnect();
}
