import { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { APP_CONFIG } from '../app-config.token.js';
import type { AppConfig } from '../config.js';
import { RedisPubSubService } from './redis-pub-sub.service.js';

// @nestjs/platform-socket.io pins its own copy of socket.io: take the server's types from it.
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/**
 * Nest's Socket.IO adapter, with Socket.IO's Redis adapter inside: every
 * broadcast is also published to Redis, and every instance subscribed to the
 * same prefix replays it to its own sockets.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly redis: RedisPubSubService;
  private readonly prefix: string;
  private adapterConstructor: ReturnType<typeof createAdapter> | undefined;

  constructor(app: INestApplication) {
    super(app);
    this.redis = app.get(RedisPubSubService);
    this.prefix = app.get<AppConfig>(APP_CONFIG).redisPrefix;
  }

  /** Call before app.useWebSocketAdapter(): Socket.IO servers are created at app.init(). */
  async connectToRedis(): Promise<void> {
    await this.redis.connect();
    this.adapterConstructor = createAdapter(this.redis.publisher, this.redis.subscriber, { key: this.prefix });
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const server = super.createIOServer(port, options);
    if (this.adapterConstructor) server.adapter(this.adapterConstructor);
    return server;
  }
}
