import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { BoundedIoAdapter } from './bounded-io.adapter.js';
import type { AppConfig } from './config.js';
import { MalformedBodyFilter } from './malformed-body.filter.js';

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
  app.useWebSocketAdapter(new BoundedIoAdapter(app, wsMaxPayloadBytes));
  app.enableShutdownHooks();
  return app;
}
