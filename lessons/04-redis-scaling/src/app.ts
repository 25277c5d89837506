import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { AppConfig, devSecretWarning, loadConfig } from './config.js';
import { RedisIoAdapter } from './redis/redis-io.adapter.js';

export async function createApp(
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  const config: AppConfig = { ...loadConfig(), ...overrides };
  const warning = devSecretWarning(config);
  if (warning) new Logger('Config').warn(warning);
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const redisIoAdapter = new RedisIoAdapter(app);
  try {
    await redisIoAdapter.connectToRedis();
  } catch (error) {
    await app.close();
    throw error;
  }
  app.useWebSocketAdapter(redisIoAdapter);
  app.enableShutdownHooks();
  return app;
}
