import { UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
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
import type { Namespace, Socket } from 'socket.io';
import type { AppConfig } from '../config.js';
import type { ChatMessage, RoomMembers } from './chat-message.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { PresenceAnnouncer } from './presence-announcer.js';
import { WsExceptionFilter } from './ws-exception.filter.js';
import { WsValidationPipe } from './ws-validation.pipe.js';

@WebSocketGateway({ namespace: '/chat', cors: { origin: '*' } })
// Whatever a handler throws, the client hears of it through one filter.
@UseFilters(WsExceptionFilter)
export class ChatGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect
{
  // Set by Nest when it binds the gateway, after every constructor ran and just before afterInit.
  @WebSocketServer()
  readonly server: Namespace;

  constructor(
    private readonly presence: PresenceAnnouncer,
    private readonly config: ConfigService,
  ) {}

  afterInit(server: Namespace): void {
    this.presence.attach(server);
  }

  @SubscribeMessage('ping')
  ping(): string {
    return 'pong';
  }

  // A client never sees the rooms it is in: only what the server emits to it.
  @SubscribeMessage('room:join')
  async joinRoom(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room }: RoomDto,
  ): Promise<RoomMembers> {
    this.checkRoomLimit(client, room);
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

  private countMembers(room: string): number {
    // Socket.IO deletes a room when its last socket leaves.
    return this.server.adapter.rooms.get(room)?.size ?? 0;
  }

  // Every room is a Set in the adapter until its last socket leaves: one socket cannot pile them up.
  private checkRoomLimit(client: Socket, room: string): void {
    const { wsMaxRoomsPerSocket } = this.config.getOrThrow<AppConfig>('app');
    if (!client.rooms.has(room) && client.rooms.size >= wsMaxRoomsPerSocket) {
      throw new WsException('Too many rooms: leave one first');
    }
  }

  // A broadcast to a room reaches the sockets that are in it when it is sent.
  @SubscribeMessage('message:send')
  sendMessage(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room, text }: SendMessageDto,
  ): { id: string } {
    if (!client.rooms.has(room)) {
      throw new WsException('Join the room first');
    }
    // Every field but room and text is the server's: nothing the client sent can set them.
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

  // Online counts are for the whole namespace, whatever rooms its sockets are in.
  handleConnection(client: Socket): void {
    this.presence.welcome(client.id);
    // An emit per change is a frame to every socket, N² for N arrivals: the announcer tells at
    // most one count per interval, and reads it when it does.
    this.presence.announce(() => this.server.sockets.size);
  }

  // The socket has already left the namespace when this runs, so the count is the new one.
  handleDisconnect(): void {
    this.presence.announce(() => this.server.sockets.size);
  }
}
