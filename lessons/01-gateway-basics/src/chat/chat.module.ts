import { Module } from '@nestjs/common';
import { ChatGateway } from './chat.gateway.js';

// TODO 7: serve the announcement endpoint and its service from this module (Your tasks, 7)
@Module({
  providers: [ChatGateway],
})
export class ChatModule {}
