import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { AppConfig } from './config.js';

export async function createApp(overrides: Partial<AppConfig> = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(overrides), {
    logger: ['error', 'warn'],
  });
  const { corsOrigins } = app.get(ConfigService).getOrThrow<AppConfig>('app');
  // CORS for the HTTP routes only: Socket.IO answers its own requests and never sees this.
  app.enableCors({ origin: corsOrigins });
  app.enableShutdownHooks();
  return app;
}
