import { Role } from '../users/user.js';

export interface ChatMessage {
  id: string;
  room: string;
  text: string;
  from: string;
  at: string;
  // TODO 5: the INSTANCE_ID of the app that handled message:send (Your tasks, 5)
}

export interface RoomMembers {
  room: string;
  members: number;
}

export interface WhoAmI {
  id: string;
  name: string;
  role: Role;
  exp: number;
}

/** A connected user, and the instances that hold their sockets. */
export interface OnlineUser {
  id: string;
  name: string;
  instances: string[];
}

export interface OnlineUsers {
  users: OnlineUser[];
}

/** What an admin:kick can know without waiting for the other instances. */
export interface KickResult {
  userId: string;
  /** The user's sockets this instance disconnected; every other instance disconnects its own. */
  here: number;
}
