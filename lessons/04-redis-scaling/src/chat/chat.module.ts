import { Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module.js';
import { SocketAuthModule } from '../socket-auth/socket-auth.module.js';
import { AnnouncementsController } from './announcements.controller.js';
import { AnnouncementsService } from './announcements.service.js';
import { ChatGateway } from './chat.gateway.js';
import { FloodControlService } from './flood-control.service.js';
import { PresenceAnnouncer } from './presence-announcer.js';
import { PresenceService } from './presence.service.js';

@Module({
  imports: [SocketAuthModule, RedisModule],
  controllers: [AnnouncementsController],
  providers: [
    ChatGateway,
    AnnouncementsService,
    FloodControlService,
    PresenceService,
    PresenceAnnouncer,
  ],
})
export class ChatModule {}
