import { Module } from '@nestjs/common';
import { SocketAuthModule } from '../socket-auth/socket-auth.module.js';
import { AnnouncementsController } from './announcements.controller.js';
import { AnnouncementsService } from './announcements.service.js';
import { ChatGateway } from './chat.gateway.js';
import { FloodControlService } from './flood-control.service.js';

@Module({
  imports: [SocketAuthModule],
  controllers: [AnnouncementsController],
  providers: [ChatGateway, AnnouncementsService, FloodControlService],
})
export class ChatModule {}
