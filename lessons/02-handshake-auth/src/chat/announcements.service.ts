import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ChatMessage } from './chat-message.js';
import { ChatGateway } from './chat.gateway.js';

@Injectable()
export class AnnouncementsService {
  constructor(private readonly chat: ChatGateway) {}

  announce(room: string, text: string): { id: string } {
    const message: ChatMessage = {
      id: randomUUID(),
      room,
      text,
      from: 'system',
      at: new Date().toISOString(),
    };
    // Read the server now, not in the constructor: Nest sets it only when it binds the gateway.
    this.chat.server.to(room).emit('message:new', message);
    return { id: message.id };
  }
}
