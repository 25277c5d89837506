import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig, validateEnv } from './config.js';
import { NotificationsModule } from './notifications/notifications.module.js';

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
          validate: (env) => ({
            app: { ...validateEnv(env).app, ...overrides },
          }),
        }),
        AuthModule,
        NotificationsModule,
      ],
    };
  }
}
