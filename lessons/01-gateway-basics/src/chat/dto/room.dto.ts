// TODO 5: names that break the rule below are refused with the rule's own words (Your tasks, 5)
export const ROOM_NAME_RULE =
  'Room names are 1–32 characters of a-z, 0-9 and -';

export class RoomDto {
  room: string;
}
