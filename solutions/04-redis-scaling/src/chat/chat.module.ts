import { Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module.js';
import { SocketAuthModule } from '../socket-auth/socket-auth.module.js';
import { ChatGateway } from './chat.gateway.js';
import { PresenceService } from './presence.service.js';

@Module({
  imports: [SocketAuthModule, RedisModule],
  providers: [ChatGateway, PresenceService],
})
export class ChatModule {}
