import { Role } from '../users/user.js';

export interface ChatMessage {
  id: string;
  room: string;
  text: string;
  from: string;
  at: string;
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
