import { IsString } from 'class-validator';

export const ROOM_NAME_RULE =
  'Room names are 1–32 characters of a-z, 0-9 and -';

export class RoomDto {
  // TODO 8: names that break the rule above are refused with the rule's own words, and a
  //   room that is not a string still hears the rule below (Your tasks, 8)
  @IsString({ message: 'room must be a string, like "lobby"' })
  room: string;
}
