import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module.js';
import { RolesGuard } from './roles.guard.js';
import { SessionExpiryService } from './session-expiry.service.js';
import { WsAuthMiddleware } from './ws-auth.middleware.js';

@Module({
  imports: [AuthModule],
  providers: [
    WsAuthMiddleware,
    SessionExpiryService,
    // TODO 8: run the roles guard for every handler of the app (Your tasks, 8)
  ],
  exports: [WsAuthMiddleware, SessionExpiryService, AuthModule],
})
export class SocketAuthModule {}
