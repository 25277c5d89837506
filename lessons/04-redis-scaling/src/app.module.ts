import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from './auth/auth.module.js';
import { ChatModule } from './chat/chat.module.js';
import { AppConfig, validateEnv } from './config.js';
import { HealthModule } from './health/health.module.js';
import { RedisModule } from './redis/redis.module.js';

@Module({})
export class AppModule {
  static forRoot(overrides: Partial<AppConfig> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          // The typed config sits under one object key: ConfigModule copies only string, number and
          // boolean values of the validated result into process.env, so nothing leaks into it.
          // A secret passed in (the checks pass one) counts as set.
          validate: (env) => ({
            app: {
              ...validateEnv(
                overrides.jwtSecret
                  ? { ...env, JWT_SECRET: overrides.jwtSecret }
                  : env,
              ).app,
              ...overrides,
            },
          }),
        }),
        RedisModule,
        AuthModule,
        ChatModule,
        HealthModule,
      ],
    };
  }
}
