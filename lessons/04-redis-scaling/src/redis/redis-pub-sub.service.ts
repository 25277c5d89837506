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
    // TODO 1: make the two connections the adapter needs, one to publish and one to subscribe, to
    //   REDIS_URL, with the options below for a Redis that goes away (Your tasks, 1)
  }

  /** Both connections ready, or an error within REDIS_CONNECT_TIMEOUT_MS that says why. */
  async connect(): Promise<void> {
    // TODO 3: losing Redis, or a Redis that hangs, never ends the process nor prints a password
    //   (Your tasks, 3)
    const clients = [this.publisher, this.subscriber];
    // TODO 2: after REDIS_CONNECT_TIMEOUT_MS give up: stop them trying, and fail with a message that
    //   names the server (never its password), why it could not be reached, and how to start one,
    //   leaving no timer behind (Your tasks, 2)
    await this.bothReady();
  }

  /** Connects both connections; resolves once both are ready, however many attempts that takes. */
  private bothReady(): Promise<unknown> {
    // TODO 1: connect both, and wait until both are ready (Your tasks, 1)
    return Promise.resolve();
  }

  // TODO 4: when the app closes, after the Socket.IO servers, close both connections; the close of
  //   the app is over only once they are, and within a few seconds even when Redis does not answer
  //   (Your tasks, 4)
}

/** What both connections do while Redis is away (the subscriber copies the publisher's options). */
function whileRedisIsAway(): RedisOptions {
  // TODO 3: keep trying to come back about every second, and never give up; drop a message sent
  //   meanwhile rather than keep it for later (Your tasks, 3)
  return {};
}
