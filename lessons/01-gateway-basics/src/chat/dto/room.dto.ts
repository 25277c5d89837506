import { IsString, Matches } from 'class-validator';

export const ROOM_NAME_RULE = 'Room names are 1–32 characters of a-z, 0-9 and -';

export class RoomDto {
  // TODO 5: allow only room names that follow ROOM_NAME_RULE (class-validator's @Matches).
  @IsString({ message: 'room must be a string, like "lobby"' })
  room: string;
}
