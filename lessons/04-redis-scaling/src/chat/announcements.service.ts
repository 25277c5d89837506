import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config.js';
import type { ChatMessage } from './chat-message.js';
import { ChatGateway } from './chat.gateway.js';

@Injectable()
export class AnnouncementsService {
  constructor(
    private readonly chat: ChatGateway,
    private readonly config: ConfigService,
  ) {}

  announce(room: string, text: string): { id: string } {
    const message: ChatMessage = {
      id: randomUUID(),
      room,
      text,
      from: 'system',
      at: new Date().toISOString(),
      // TODO 5: say which app handled it (Your tasks, 5)
    };
    // Read the server now, not in the constructor: Nest sets it only when it binds the gateway.
    this.chat.server.to(room).emit('message:new', message);
    return { id: message.id };
  }
}
