import { Module } from '@nestjs/common';
import { ChatGateway } from './chat.gateway.js';

// TODO 8: serve the announcement endpoint and its service from this module (Your tasks, 8)
@Module({
  providers: [ChatGateway],
})
export class ChatModule {}
