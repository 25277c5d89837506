import { Module } from '@nestjs/common';
import { SocketAuthModule } from '../socket-auth/socket-auth.module.js';
import { AnnouncementsController } from './announcements.controller.js';
import { AnnouncementsService } from './announcements.service.js';
import { ChatGateway } from './chat.gateway.js';
import { FloodControlService } from './flood-control.service.js';
import { PresenceAnnouncer } from './presence-announcer.js';

@Module({
  imports: [SocketAuthModule],
  controllers: [AnnouncementsController],
  providers: [
    ChatGateway,
    AnnouncementsService,
    FloodControlService,
    PresenceAnnouncer,
  ],
})
export class ChatModule {}
