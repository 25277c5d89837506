import { Logger, UseGuards } from '@nestjs/common';
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
import { Roles } from '../socket-auth/roles.decorator.js';
import { RolesGuard } from '../socket-auth/roles.guard.js';
import { SessionExpiryService } from '../socket-auth/session-expiry.service.js';
import { expiryOf, userOf, userRoom } from '../socket-auth/socket-user.js';
import { WsAuthMiddleware } from '../socket-auth/ws-auth.middleware.js';
import { ChatMessage, RoomMembers, type WhoAmI } from './chat-message.js';
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
  ) {}

  afterInit(server: Namespace): void {
    // TODO 1: run the handshake middleware before every connection to this namespace:
    //   server.use() with a function of (socket, next) that hands both to this.wsAuth.use.
    this.logger.log('Gateway ready on namespace /chat');
  }

  handleConnection(client: Socket): void {
    // TODO 2: put the client in its user's room, userRoom(<user id>) (userOf reads socket.data.user),
    //   so that the server can reach every socket of one user.
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
    // TODO 3: acknowledge with the socket's user { id, name, role } and its token's exp.
    throw new WsException('Not implemented yet: whoami (TODO 3)');
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
      // TODO 2: the sender is a user now: `from` is their name, not the socket id.
      from: client.id,
      at: new Date().toISOString(),
    };
    this.server.to(room).emit('message:new', message);
    return { id: message.id };
  }

  // TODO 4: only admins may kick: guard this handler with RolesGuard (@UseGuards) and @Roles('admin').
  @SubscribeMessage('admin:kick')
  async kick(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { userId }: KickDto,
  ): Promise<{ kicked: number }> {
    // TODO 5: send 'auth:kicked' { by: <the admin's name> } to every socket of the user (the
    //   sockets of their room: this.server.in(room).fetchSockets()), disconnect each one, and
    //   acknowledge with { kicked: <how many> }.
    throw new WsException('Not implemented yet: admin:kick (TODO 5)');
  }

  @SubscribeMessage('auth:refresh')
  async refresh(
    @ConnectedSocket() client: Socket,
    @MessageBody() payload: unknown,
  ): Promise<{ exp: number }> {
    // TODO 7: verify payload.token (this.tokens.verify). A valid token of this socket's user replaces
    //   the old one: update client.data.user and client.data.exp, this.sessions.reschedule(client),
    //   and acknowledge with { exp }. Any other token, or none: throw new WsException('Unauthorized').
    throw new WsException('Not implemented yet: auth:refresh (TODO 7)');
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
