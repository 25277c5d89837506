import { Logger, UseGuards } from '@nestjs/common';
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
import { Namespace, Socket } from 'socket.io';
import { TokenService } from '../auth/token.service.js';
import type { AppConfig } from '../config.js';
import { Roles } from '../socket-auth/roles.decorator.js';
import { RolesGuard } from '../socket-auth/roles.guard.js';
import { SessionExpiryService } from '../socket-auth/session-expiry.service.js';
import { expiryOf, userOf, userRoom } from '../socket-auth/socket-user.js';
import { WsAuthMiddleware } from '../socket-auth/ws-auth.middleware.js';
import { ChatMessage, KickResult, OnlineUsers, RoomMembers, type WhoAmI } from './chat-message.js';
import { KickDto } from './dto/kick.dto.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { PresenceService } from './presence.service.js';
import { WsValidationPipe } from './ws-validation.pipe.js';

@WebSocketGateway({ namespace: '/chat', cors: { origin: '*' } })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(ChatGateway.name);
  private readonly config: AppConfig;

  @WebSocketServer()
  private readonly server: Namespace;

  constructor(
    private readonly wsAuth: WsAuthMiddleware,
    private readonly sessions: SessionExpiryService,
    private readonly tokens: TokenService,
    private readonly presence: PresenceService,
    config: ConfigService,
  ) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  afterInit(server: Namespace): void {
    server.use((socket, next) => this.wsAuth.use(socket, next));
    this.presence.attach(server);
    this.logger.log('Gateway ready on namespace /chat');
  }

  handleConnection(client: Socket): void {
    void client.join(userRoom(userOf(client).id));
    this.sessions.watch(client);
    this.presence.connected(userOf(client));
  }

  handleDisconnect(client: Socket): void {
    this.presence.disconnected(userOf(client));
  }

  @SubscribeMessage('ping')
  ping(): string {
    return 'pong';
  }

  @SubscribeMessage('whoami')
  whoami(@ConnectedSocket() client: Socket): WhoAmI {
    const { id, name, role } = userOf(client);
    return { id, name, role, exp: expiryOf(client) };
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
      from: userOf(client).name,
      at: new Date().toISOString(),
      instance: this.config.instanceId,
    };
    this.server.to(room).emit('message:new', message);
    return { id: message.id };
  }

  @SubscribeMessage('users:online')
  async usersOnline(): Promise<OnlineUsers> {
    return { users: await this.presence.onlineUsers() };
  }

  @UseGuards(RolesGuard)
  @Roles('admin')
  @SubscribeMessage('admin:kick')
  async kick(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { userId }: KickDto,
  ): Promise<KickResult> {
    const room = userRoom(userId);
    // Counted before the kick: this instance knows its own sockets; the others' are not waited for.
    const here = this.server.adapter.rooms.get(room)?.size ?? 0;
    this.server.to(room).emit('auth:kicked', { by: userOf(client).name });
    // The Redis adapter disconnects this instance's sockets only when its own request comes back
    // through Redis: disconnect them here first, so that a kick also works while Redis is down.
    this.server.local.in(room).disconnectSockets(true);
    this.server.in(room).disconnectSockets(true);
    return { userId, here };
  }

  @SubscribeMessage('auth:refresh')
  async refresh(
    @ConnectedSocket() client: Socket,
    @MessageBody() payload: unknown,
  ): Promise<{ exp: number }> {
    const token = isObject(payload) ? payload.token : undefined;
    const verified = await this.tokens.verify(token).catch((): undefined => undefined);
    if (!verified || verified.user.id !== userOf(client).id) {
      throw new WsException('Unauthorized');
    }
    client.data.user = verified.user;
    client.data.exp = verified.exp;
    this.sessions.reschedule(client);
    return { exp: verified.exp };
  }

  private countMembers(room: string): number {
    return this.server.adapter.rooms.get(room)?.size ?? 0;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
