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
    // TODO 4: tell the whole namespace how many clients are online now.
  }

  handleDisconnect(): void {
    // TODO 4: and again when a client leaves.
  }

  @SubscribeMessage('ping')
  ping(): string {
    // TODO 1: acknowledge with 'pong': a handler's return value becomes the client's ack.
    throw new WsException('Not implemented yet: ping (TODO 1)');
  }

  @SubscribeMessage('room:join')
  async joinRoom(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room }: RoomDto,
  ): Promise<RoomMembers> {
    // TODO 2: put the client in the room, then acknowledge with { room, members }.
    throw new WsException('Not implemented yet: room:join (TODO 2)');
  }

  @SubscribeMessage('room:leave')
  async leaveRoom(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room }: RoomDto,
  ): Promise<RoomMembers> {
    // TODO 2: take the client out of the room, then acknowledge with { room, members }.
    throw new WsException('Not implemented yet: room:leave (TODO 2)');
  }

  @SubscribeMessage('message:send')
  sendMessage(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { room, text }: SendMessageDto,
  ): { id: string } {
    // TODO 3: refuse senders outside the room ('Join the room first'), then send
    //   'message:new' { id, room, text, from, at } to everyone in the room, the
    //   sender included, and acknowledge with { id }.
    throw new WsException('Not implemented yet: message:send (TODO 3)');
  }

  private countMembers(room: string): number {
    // TODO 2: how many sockets of this namespace are in the room?
    return 0;
  }

  private announcePresence(): void {
    // TODO 4: emit 'presence' { online } to every socket of the namespace.
  }
}
