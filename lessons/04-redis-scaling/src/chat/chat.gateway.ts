import { Inject, Logger, UseGuards } from '@nestjs/common';
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
import { Namespace, RemoteSocket, Socket } from 'socket.io';
import { APP_CONFIG } from '../app-config.token.js';
import { TokenService } from '../auth/token.service.js';
import type { AppConfig } from '../config.js';
import { Roles } from '../socket-auth/roles.decorator.js';
import { RolesGuard } from '../socket-auth/roles.guard.js';
import { SessionExpiryService } from '../socket-auth/session-expiry.service.js';
import { expiryOf, SocketAuthData, userOf, userRoom } from '../socket-auth/socket-user.js';
import { WsAuthMiddleware } from '../socket-auth/ws-auth.middleware.js';
import { ChatMessage, OnlineUser, OnlineUsers, RoomMembers, type WhoAmI } from './chat-message.js';
import { KickDto } from './dto/kick.dto.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { WsValidationPipe } from './ws-validation.pipe.js';

@WebSocketGateway({ namespace: '/chat', cors: { origin: '*' } })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(ChatGateway.name);

  @WebSocketServer()
  private readonly server: Namespace;

  constructor(
    private readonly wsAuth: WsAuthMiddleware,
    private readonly sessions: SessionExpiryService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: Namespace): void {
    server.use((socket, next) => this.wsAuth.use(socket, next));
    this.logger.log('Gateway ready on namespace /chat');
  }

  handleConnection(client: Socket): void {
    void client.join(userRoom(userOf(client).id));
    // TODO 5: store this.config.instanceId in client.data.instance (users:online reads it).
    this.sessions.watch(client);
    this.announcePresence();
  }

  handleDisconnect(): void {
    this.announcePresence();
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
      // TODO 5: instance: this.config.instanceId,
    };
    this.server.to(room).emit('message:new', message);
    return { id: message.id };
  }

  @UseGuards(RolesGuard)
  @Roles('admin')
  @SubscribeMessage('admin:kick')
  async kick(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { userId }: KickDto,
  ): Promise<{ kicked: number }> {
    const by = userOf(client).name;
    // With the Redis adapter, fetchSockets() returns the user's sockets on
    // every instance; emit() and disconnect() on a remote one travel through Redis.
    const sockets = await this.socketsEverywhere(userRoom(userId));
    for (const socket of sockets) {
      socket.emit('auth:kicked', { by });
      socket.disconnect(true);
    }
    return { kicked: sockets.length };
  }

  @SubscribeMessage('users:online')
  async usersOnline(): Promise<OnlineUsers> {
    // TODO 6: one entry per user connected to any instance: { id, name, instances }, from
    //   this.socketsEverywhere() and each socket's data.user and data.instance.
    throw new WsException('Not implemented yet: users:online (TODO 6)');
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

  /**
   * The sockets of every instance (in `room`, when given). While Redis is
   * unreachable the other instances cannot be asked: this one answers alone.
   */
  private async socketsEverywhere(room?: string): Promise<RemoteSocket<any, any>[]> {
    // TODO 6: when fetchSockets() fails (Redis is unreachable), log a warning and answer with this
    //   instance's sockets: this.server.local (or this.server.local.in(room)).fetchSockets().
    return (room === undefined ? this.server : this.server.in(room)).fetchSockets();
  }

  private countMembers(room: string): number {
    return this.server.adapter.rooms.get(room)?.size ?? 0;
  }

  private announcePresence(): void {
    this.server.emit('presence', { online: this.server.sockets.size });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
