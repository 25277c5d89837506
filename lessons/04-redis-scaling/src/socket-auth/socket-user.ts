import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { User } from '../users/user.js';

/** What the handshake middleware stores in `socket.data` of an accepted socket. */
export interface SocketAuthData {
  user: User;
  /** The token's `exp` claim, in seconds since the epoch. */
  exp: number;
}

/** `socket.data` as the handshake middleware fills it: each field is missing until it does. */
export function authDataOf(socket: Socket): Partial<SocketAuthData> {
  return socket.data as Partial<SocketAuthData>;
}

export function userOf(socket: Socket): User {
  const { user } = authDataOf(socket);
  if (!user) {
    throw new WsException(
      'This socket has no user: the handshake middleware did not attach one',
    );
  }
  return user;
}

export function expiryOf(socket: Socket): number {
  const { exp } = authDataOf(socket);
  if (typeof exp !== 'number') {
    throw new WsException(
      'This socket has no token expiry: the handshake middleware did not attach one',
    );
  }
  return exp;
}

/** Every socket of a user joins this room, so the server can reach all of them at once. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}
