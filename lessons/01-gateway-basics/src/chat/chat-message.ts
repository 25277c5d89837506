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
