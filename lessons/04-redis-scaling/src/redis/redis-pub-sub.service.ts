import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
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
    //   REDIS_URL. While Redis is away they keep trying to come back about every second, a message
    //   sent meanwhile is dropped rather than kept for later, and losing Redis never ends the process
    //   nor prints a password (Your tasks, 1)
  }

  /** Both connections ready, or an error within REDIS_CONNECT_TIMEOUT_MS that says why. */
  async connect(): Promise<void> {
    // TODO 1: resolve once both connections are ready; after REDIS_CONNECT_TIMEOUT_MS give up: stop
    //   them trying, and fail with a message that names the server (never its password), why it
    //   could not be reached, and how to start one (Your tasks, 1)
  }

  // TODO 2: when the app closes, after the Socket.IO servers, close both connections; the close of
  //   the app is over only once they are, and within a few seconds even when Redis does not answer
  //   (Your tasks, 2)
}
