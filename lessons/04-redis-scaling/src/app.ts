import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config.js';
import { MalformedBodyFilter } from './malformed-body.filter.js';
import { RedisIoAdapter } from './redis/redis-io.adapter.js';

export async function createApp(
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(overrides), {
    logger: ['error', 'warn'],
  });
  const { corsOrigins, wsMaxPayloadBytes } = app
    .get(ConfigService)
    .getOrThrow<AppConfig>('app');
  // HTTP routes only: Socket.IO answers its own CORS requests (the gateway's cors option).
  app.enableCors({ origin: corsOrigins });
  // A body that is not JSON gets fixed words, not the parser's quote of it.
  app.useGlobalFilters(new MalformedBodyFilter(app.getHttpAdapter()));
  const redisIoAdapter = new RedisIoAdapter(app, wsMaxPayloadBytes);
  try {
    // Before the Socket.IO servers exist: they are created at app.init() (or listen()).
    await redisIoAdapter.connectToRedis();
  } catch (error) {
    await app.close();
    throw error;
  }
  app.useWebSocketAdapter(redisIoAdapter);
  app.enableShutdownHooks();
  return app;
}
