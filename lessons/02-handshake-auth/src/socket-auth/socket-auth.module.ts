import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RolesGuard } from './roles.guard.js';
import { SessionExpiryService } from './session-expiry.service.js';
import { WsAuthMiddleware } from './ws-auth.middleware.js';

@Module({
  imports: [AuthModule],
  providers: [WsAuthMiddleware, SessionExpiryService, RolesGuard],
  exports: [WsAuthMiddleware, SessionExpiryService, RolesGuard, AuthModule],
})
export class SocketAuthModule {}
