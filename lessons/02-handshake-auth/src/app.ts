import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { AppConfig, devSecretWarning, loadConfig } from './config.js';

export async function createApp(
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  const config: AppConfig = { ...loadConfig(), ...overrides };
  const warning = devSecretWarning(config);
  if (warning) new Logger('Config').warn(warning);
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  return app;
}
