import { IsString, Matches } from 'class-validator';

export const ROOM_NAME_RULE =
  'Room names are 1–32 characters of a-z, 0-9 and -';

export class RoomDto {
  @Matches(/^[a-z0-9-]{1,32}$/, { message: ROOM_NAME_RULE })
  @IsString({ message: 'room must be a string, like "lobby"' })
  room: string;
}
