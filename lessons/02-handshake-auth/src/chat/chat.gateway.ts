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
import { TokenService } from '../auth/token.service.js';
import type { AppConfig } from '../config.js';
import { SessionExpiryService } from '../socket-auth/session-expiry.service.js';
import { authDataOf } from '../socket-auth/socket-user.js';
import { WsAuthMiddleware } from '../socket-auth/ws-auth.middleware.js';
import type { ChatMessage, RoomMembers, WhoAmI } from './chat-message.js';
import { KickDto } from './dto/kick.dto.js';
import { RoomDto } from './dto/room.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { FloodControlService } from './flood-control.service.js';
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
    private readonly wsAuth: WsAuthMiddleware,
    private readonly sessions: SessionExpiryService,
    private readonly floodControl: FloodControlService,
    private readonly tokens: TokenService,
    private readonly presence: PresenceAnnouncer,
    private readonly config: ConfigService,
  ) {}

  afterInit(server: Namespace): void {
    // TODO 1: run the handshake check before every connection to this namespace (Your tasks, 1)
    // Namespace middlewares run in the order they were registered: the handshake check first.
    // TODO 16: and before a connection is let in, hold its user to the limit (Your tasks, 16)
    this.presence.attach(server);
  }

  @SubscribeMessage('ping')
  ping(): string {
    return 'pong';
  }

  @SubscribeMessage('whoami')
  whoami(@ConnectedSocket() client: Socket): WhoAmI {
    // TODO 7: answer with who this socket's user is, and until when (Your tasks, 7)
    throw new WsException('Not implemented yet: whoami (TODO 7)');
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
      // TODO 7: the sender is a person now, not a connection (Your tasks, 7)
      from: client.id,
      at: new Date().toISOString(),
    };
    this.server.to(room).emit('message:new', message);
    return { id: message.id };
  }

  // TODO 8: only admins may call this handler (Your tasks, 8)
  @SubscribeMessage('admin:kick')
  async kick(
    @ConnectedSocket() client: Socket,
    @MessageBody(WsValidationPipe) { userId }: KickDto,
  ): Promise<{ kicked: number }> {
    // TODO 10: tell every socket of that user who removed them, close their connections, and
    //   answer with how many there were (Your tasks, 10)
    throw new WsException(
      `Not implemented yet: admin:kick of ${userId} (TODO 10)`,
    );
  }

  @SubscribeMessage('auth:refresh')
  async refresh(
    @ConnectedSocket() client: Socket,
    @MessageBody() payload: unknown,
  ): Promise<{ exp: number }> {
    // TODO 13: a new valid token of the same user replaces the old one and moves the end of the
    //   session; any other token is refused and changes nothing; a failure that is no refusal of
    //   the token is the server's error, not the client's (Your tasks, 13)
    throw new WsException('Not implemented yet: auth:refresh (TODO 13)');
  }

  // Online counts are for the whole namespace, whatever rooms its sockets are in.
  handleConnection(client: Socket): void {
    if (authDataOf(client).user === undefined) {
      // Defence in depth, and the starter's stopgap: only the handshake middleware may let a
      // socket in, and it attaches a user. Dropping one here is too late to be the gate.
      client.disconnect(true);
      return;
    }
    // TODO 14: hold this socket to its limits, before anything else sees its events (Your tasks, 14)

    // TODO 10: make every socket of one user reachable at once (Your tasks, 10)

    // TODO 11: end this session when its token expires (Your tasks, 11)

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
