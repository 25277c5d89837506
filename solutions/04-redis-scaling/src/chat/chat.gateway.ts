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
import { Namespace, RemoteSocket, Socket } from 'socket.io';
import { TokenService } from '../auth/token.service.js';
import type { AppConfig } from '../config.js';
import { Roles } from '../socket-auth/roles.decorator.js';
import { RolesGuard } from '../socket-auth/roles.guard.js';
import { SessionExpiryService } from '../socket-auth/session-expiry.service.js';
import { expiryOf, SocketAuthData, userOf, userRoom } from '../socket-auth/socket-user.js';
import { WsAuthMiddleware } from '../socket-auth/ws-auth.middleware.js';
import { ChatMessage, KickResult, OnlineUser, OnlineUsers, RoomMembers, type WhoAmI } from './chat-message.js';
import { KickDto } from './dto/kick.dto.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
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
    config: ConfigService,
  ) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  afterInit(server: Namespace): void {
    server.use((socket, next) => this.wsAuth.use(socket, next));
    this.logger.log('Gateway ready on namespace /chat');
  }

  handleConnection(client: Socket): void {
    void client.join(userRoom(userOf(client).id));
    // socket.data travels with fetchSockets(): other instances can see where this socket lives.
    client.data.instance = this.config.instanceId;
    this.sessions.watch(client);
    void this.announcePresence();
  }

  handleDisconnect(): void {
    void this.announcePresence();
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
    const users = new Map<string, OnlineUser>();
    for (const socket of await this.socketsEverywhere()) {
      const { user, instance } = socket.data as SocketAuthData & { instance: string };
      const entry = users.get(user.id) ?? { id: user.id, name: user.name, instances: [] };
      if (!entry.instances.includes(instance)) entry.instances.push(instance);
      users.set(user.id, entry);
    }
    const sorted = [...users.values()].sort((a, b) => a.name.localeCompare(b.name));
    return { users: sorted.map((user) => ({ ...user, instances: user.instances.sort() })) };
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

  private async announcePresence(): Promise<void> {
    const online = (await this.socketsEverywhere()).length;
    this.server.emit('presence', { online });
  }

  /** The sockets of every instance; while Redis is unreachable the others cannot be asked, so this one's. */
  private async socketsEverywhere(): Promise<RemoteSocket<any, any>[]> {
    try {
      return await this.server.fetchSockets();
    } catch (error) {
      this.logger.warn(`Could not ask the other instances (${(error as Error).message}); answering for this one alone`);
      return this.server.local.fetchSockets();
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
