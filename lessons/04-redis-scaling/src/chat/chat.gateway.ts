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
import { TokenRejectedError } from '../auth/token-rejected.error.js';
import { TokenService } from '../auth/token.service.js';
import type { AppConfig } from '../config.js';
import { Roles } from '../socket-auth/roles.decorator.js';
import { SessionExpiryService } from '../socket-auth/session-expiry.service.js';
import {
  authDataOf,
  expiryOf,
  userOf,
  userRoom,
} from '../socket-auth/socket-user.js';
import { WsAuthMiddleware } from '../socket-auth/ws-auth.middleware.js';
import type {
  ChatMessage,
  KickResult,
  OnlineUsers,
  RoomMembers,
  WhoAmI,
} from './chat-message.js';
import { KickDto } from './dto/kick.dto.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { FloodControlService } from './flood-control.service.js';
import { PresenceService } from './presence.service.js';
import { WsExceptionFilter } from './ws-exception.filter.js';
import { WsValidationPipe } from './ws-validation.pipe.js';

/** users:online per socket: a few at once, then USERS_ONLINE_PER_SECOND; each answer lists every user. */
export const USERS_ONLINE_BURST = 10;
export const USERS_ONLINE_PER_SECOND = 2;

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
    private readonly wsAuth: WsAuthMiddleware,
    private readonly sessions: SessionExpiryService,
    private readonly floodControl: FloodControlService,
    private readonly tokens: TokenService,
    private readonly presence: PresenceService,
    private readonly config: ConfigService,
  ) {}

  afterInit(server: Namespace): void {
    server.use((socket, next) => this.wsAuth.use(socket, next));
    // Namespace middlewares run in the order they were registered: the handshake check first.
    server.use((socket, next) =>
      this.floodControl.admitConnection(socket, next),
    );
    this.presence.attach(server);
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
      from: userOf(client).name,
      at: new Date().toISOString(),
      // TODO 5: say which app handled it (Your tasks, 5)
    };
    this.server.to(room).emit('message:new', message);
    return { id: message.id };
  }

  /** Each socket's allowance of users:online, refilled over time. */
  private readonly usersOnlineAsks = new WeakMap<
    Socket,
    { tokens: number; at: number }
  >();

  @SubscribeMessage('users:online')
  async usersOnline(@ConnectedSocket() client: Socket): Promise<OnlineUsers> {
    // Lesson 2's flood control lets a socket ask 20 times a second; an answer is the whole list.
    const now = performance.now();
    const asks = this.usersOnlineAsks.get(client) ?? {
      tokens: USERS_ONLINE_BURST,
      at: now,
    };
    asks.tokens = Math.min(
      USERS_ONLINE_BURST,
      asks.tokens + ((now - asks.at) / 1000) * USERS_ONLINE_PER_SECOND,
    );
    asks.at = now;
    this.usersOnlineAsks.set(client, asks);
    if (asks.tokens < 1) throw new WsException('Too many requests');
    asks.tokens -= 1;
    return { users: await this.presence.onlineUsers() };
  }

  @Roles(['admin'])
  @SubscribeMessage('admin:kick')
  // TODO 18: a kick that waits for nothing has nothing to await (Your tasks, 18)
  async kick(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { userId }: KickDto,
  ): Promise<{ kicked: number }> {
    // TODO 18: kick the user on every app without waiting for any of them, and only that user, also
    //   while Redis is down; acknowledge with what this app can know (Your tasks, 18)
    const by = userOf(client).name;
    // fetchSockets, not the local socket map: with several servers (lesson 4)
    // it returns the user's sockets on every one of them.
    const sockets = await this.server.in(userRoom(userId)).fetchSockets();
    for (const socket of sockets) {
      socket.emit('auth:kicked', { by });
      socket.disconnect(true);
    }
    return { kicked: sockets.length };
  }

  @SubscribeMessage('auth:refresh')
  async refresh(
    @ConnectedSocket() client: Socket,
    @MessageBody() payload: unknown,
  ): Promise<{ exp: number }> {
    const token =
      typeof payload === 'object' && payload !== null
        ? (payload as { token?: unknown }).token
        : undefined;
    // Only a rejected token is refused; anything else reaches the filter: 'Internal server error', logged.
    const verified = await this.tokens.verify(token).catch((error: unknown) => {
      if (error instanceof TokenRejectedError) return undefined;
      throw error;
    });
    if (verified === undefined || verified.user.id !== userOf(client).id) {
      throw new WsException('Unauthorized');
    }
    authDataOf(client).exp = verified.exp;
    this.sessions.reschedule(client);
    return { exp: verified.exp };
  }

  // Online counts are for the whole namespace, whatever rooms its sockets are in.
  handleConnection(client: Socket): void {
    if (authDataOf(client).user === undefined) {
      // Defence in depth, and the starter's stopgap: only the handshake middleware may let a
      // socket in, and it attaches a user. Dropping one here is too late to be the gate.
      client.disconnect(true);
      return;
    }
    this.floodControl.watch(client);

    void client.join(userRoom(userOf(client).id));

    this.sessions.watch(client);

    // TODO 6: count this connection for the whole cluster (Your tasks, 6)
  }

  // The socket has already left the namespace when this runs, so the count is the new one.
  handleDisconnect(): void {
    // TODO 6: and this disconnection (Your tasks, 6)
  }
}
