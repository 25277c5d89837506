import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { BoundedIoAdapter } from '../bounded-io.adapter.js';
import type { AppConfig } from '../config.js';
import { RedisPubSubService } from './redis-pub-sub.service.js';

// @nestjs/platform-socket.io pins its own copy of socket.io: take the server's types from it.
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/**
 * Lesson 2's Socket.IO adapter (the frame limit), with Socket.IO's Redis adapter inside: every
 * broadcast is also published to Redis, and every instance subscribed to the
 * same prefix replays it to its own sockets.
 */
export class RedisIoAdapter extends BoundedIoAdapter {
  constructor(
    private readonly app: INestApplication,
    maxPayloadBytes: number,
  ) {
    super(app, maxPayloadBytes);
  }

  /** createApp calls this before the Socket.IO servers exist. */
  async connectToRedis(): Promise<void> {
    const redis = this.app.get(RedisPubSubService);
    await redis.connect();
    const { redisPrefix } = this.app
      .get(ConfigService)
      .getOrThrow<AppConfig>('app');
    this.redisAdapter = createAdapter(redis.publisher, redis.subscriber, {
      key: redisPrefix,
    });
  }

  private redisAdapter: ReturnType<typeof createAdapter> | undefined;

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const server = super.createIOServer(port, options);
    server.adapter(this.redisAdapter!);
    return server;
  }
}
