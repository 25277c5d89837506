import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { AppConfig, loadConfig } from './config.js';

export async function createApp(
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  const config: AppConfig = { ...loadConfig(), ...overrides };
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  return app;
}
