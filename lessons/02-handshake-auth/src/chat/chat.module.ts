import { Module } from '@nestjs/common';
import { SocketAuthModule } from '../socket-auth/socket-auth.module.js';
import { ChatGateway } from './chat.gateway.js';

@Module({
  imports: [SocketAuthModule],
  providers: [ChatGateway],
})
export class ChatModule {}
