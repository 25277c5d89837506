import { Module } from '@nestjs/common';
import { ChatGateway } from './chat.gateway.js';
import { AnnouncementsController } from './announcements.controller.js';
import { AnnouncementsService } from './announcements.service.js';

@Module({
  controllers: [AnnouncementsController],
  providers: [ChatGateway, AnnouncementsService],
})
export class ChatModule {}
