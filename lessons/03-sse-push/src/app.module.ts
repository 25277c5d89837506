import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG } from './app-config.token.js';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig } from './config.js';
import { NotificationsModule } from './notifications/notifications.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [AuthModule, NotificationsModule],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
