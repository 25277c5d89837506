import { Module } from '@nestjs/common';
import { AnnouncementsController } from './announcements.controller.js';
import { AnnouncementsService } from './announcements.service.js';
import { ChatGateway } from './chat.gateway.js';
import { PresenceAnnouncer } from './presence-announcer.js';

@Module({
  controllers: [AnnouncementsController],
  providers: [ChatGateway, AnnouncementsService, PresenceAnnouncer],
})
export class ChatModule {}
