import { Module } from '@nestjs/common';
import { SocketAuthModule } from '../socket-auth/socket-auth.module.js';
import { AnnouncementsController } from './announcements.controller.js';
import { AnnouncementsService } from './announcements.service.js';
import { ChatGateway } from './chat.gateway.js';

@Module({
  imports: [SocketAuthModule],
  controllers: [AnnouncementsController],
  providers: [ChatGateway, AnnouncementsService],
})
export class ChatModule {}
