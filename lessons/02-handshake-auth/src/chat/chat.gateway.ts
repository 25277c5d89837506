import { Logger, UseFilters } from '@nestjs/common';
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
import { SessionExpiryService } from '../socket-auth/session-expiry.service.js';
import { expiryOf, userOf, userRoom } from '../socket-auth/socket-user.js';
import { WsAuthMiddleware } from '../socket-auth/ws-auth.middleware.js';
import { ChatMessage, RoomMembers, type WhoAmI } from './chat-message.js';
import { KickDto } from './dto/kick.dto.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { WsExceptionFilter } from './ws-exception.filter.js';
import { WsValidationPipe } from './ws-validation.pipe.js';

// `cors` here reaches only the HTTP long-polling transport; see the README on Origin checks.
@WebSocketGateway({ namespace: '/chat', cors: { origin: '*' } })
@UseFilters(WsExceptionFilter)
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
    // TODO 1: run the handshake check before every connection to this namespace (Your tasks, 1)

    this.logger.log('Gateway ready on namespace /chat');
  }

  handleConnection(client: Socket): void {
    if (client.data.user === undefined) {
      // Defence in depth, and the starter's stopgap: only the handshake middleware may let a
      // socket in, and it attaches a user. Dropping one here is too late to be the gate.
      client.disconnect(true);
      return;
    }
    // TODO 6: make every socket of one user reachable at once (Your tasks, 6)

    // TODO 7: end this session when its token expires (Your tasks, 7)

    this.announcePresence();
  }

  handleDisconnect(): void {
    this.announcePresence();
  }

  /** Sends a message to everyone in its room; AnnouncementsService uses it too. */
  broadcast(message: ChatMessage): void {
    this.server.to(message.room).emit('message:new', message);
  }

  @SubscribeMessage('ping')
  ping(): string {
    return 'pong';
  }

  @SubscribeMessage('whoami')
  whoami(@ConnectedSocket() client: Socket): WhoAmI {
    // TODO 4: answer with who this socket's user is, and until when (Your tasks, 4)
    throw new WsException('Not implemented yet: whoami (TODO 4)');
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
      // TODO 4: the sender is a person now, not a connection (Your tasks, 4)
      from: client.id,
      at: new Date().toISOString(),
    };
    this.broadcast(message);
    return { id: message.id };
  }

  // TODO 5: only admins may call this handler (Your tasks, 5)
  @SubscribeMessage('admin:kick')
  async kick(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { userId }: KickDto,
  ): Promise<{ kicked: number }> {
    // TODO 6: tell every socket of that user who removed them, close their connections, and
    //   answer with how many there were (Your tasks, 6)
    throw new WsException(`Not implemented yet: admin:kick of ${userId} (TODO 6)`);
  }

  @SubscribeMessage('auth:refresh')
  async refresh(@ConnectedSocket() client: Socket, @MessageBody() payload: unknown): Promise<{ exp: number }> {
    // TODO 8: a new valid token of the same user replaces the old one and moves the end of the
    //   session; anything else is refused and changes nothing (Your tasks, 8)
    throw new WsException('Not implemented yet: auth:refresh (TODO 8)');
  }

  private countMembers(room: string): number {
    return this.server.adapter.rooms.get(room)?.size ?? 0;
  }

  private announcePresence(): void {
    this.server.emit('presence', { online: this.server.sockets.size });
  }
}
