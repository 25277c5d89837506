import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config.js';
import { MalformedBodyFilter } from './malformed-body.filter.js';

export async function createApp(
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  // abortOnError: false, so a configuration error is thrown to the caller (and
  // shown with its message) instead of aborting the process.
  const app = await NestFactory.create(AppModule.forRoot(overrides), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  const { corsOrigins } = app.get(ConfigService).getOrThrow<AppConfig>('app');
  // Pages on these origins may call the HTTP routes, the stream included: the
  // browser reads a cross-origin answer only when it carries
  // Access-Control-Allow-Origin with the page's origin. Any other origin gets
  // no CORS headers, and the browser keeps the answer from the page.
  app.enableCors({ origin: corsOrigins });
  // A body that is not JSON gets fixed words, not the parser's quote of it.
  app.useGlobalFilters(new MalformedBodyFilter(app.getHttpAdapter()));
  app.enableShutdownHooks();
  return app;
}
