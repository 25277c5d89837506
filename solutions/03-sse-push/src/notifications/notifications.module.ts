import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { StreamTicketGuard } from './stream-ticket.guard.js';
import { TicketsService } from './tickets.service.js';

@Module({
  imports: [AuthModule, UsersModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, TicketsService, BearerAuthGuard, StreamTicketGuard],
})
export class NotificationsModule {}
