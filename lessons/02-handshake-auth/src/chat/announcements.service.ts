import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChatMessage } from './chat-message.js';
import { ChatGateway } from './chat.gateway.js';

/**
 * Emits from outside the gateway through the gateway's server, which exists
 * only once the gateway is initialised (afterInit), long before any request.
 */
@Injectable()
export class AnnouncementsService {
  constructor(private readonly gateway: ChatGateway) {}

  announce(room: string, text: string): { id: string } {
    const message: ChatMessage = { id: randomUUID(), room, text, from: 'system', at: new Date().toISOString() };
    this.gateway.broadcast(message);
    return { id: message.id };
  }
}
