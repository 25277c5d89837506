import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  WsException,
} from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import { Namespace, Socket } from 'socket.io';
import { ChatMessage, RoomMembers } from './chat-message.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { WsValidationPipe } from './ws-validation.pipe.js';

@WebSocketGateway({ namespace: '/chat', cors: { origin: '*' } })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(ChatGateway.name);

  @WebSocketServer()
  private readonly server: Namespace;

  afterInit(): void {
    this.logger.log('Gateway ready on namespace /chat');
  }

  handleConnection(): void {
    this.announcePresence();
  }

  handleDisconnect(): void {
    this.announcePresence();
  }

  @SubscribeMessage('ping')
  ping(): string {
    return 'pong';
  }

  @SubscribeMessage('room:join')
  async joinRoom(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room }: RoomDto,
  ): Promise<RoomMembers> {
    await client.join(room);
    return { room, members: this.countMembers(room) };
  }

  @SubscribeMessage('room:leave')
  async leaveRoom(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room }: RoomDto,
  ): Promise<RoomMembers> {
    await client.leave(room);
    return { room, members: this.countMembers(room) };
  }

  @SubscribeMessage('message:send')
  sendMessage(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room, text }: SendMessageDto,
  ): { id: string } {
    if (!client.rooms.has(room)) {
      throw new WsException('Join the room first');
    }
    const message: ChatMessage = {
      id: randomUUID(),
      room,
      text,
      from: client.id,
      at: new Date().toISOString(),
    };
    this.server.to(room).emit('message:new', message);
    return { id: message.id };
  }

  private countMembers(room: string): number {
    return this.server.adapter.rooms.get(room)?.size ?? 0;
  }

  private announcePresence(): void {
    this.server.emit('presence', { online: this.server.sockets.size });
  }
}
