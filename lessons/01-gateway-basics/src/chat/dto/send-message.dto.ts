// TODO 5: 1–500 characters once the spaces at both ends are cut off, and passed on cut
//   (Your tasks, 5)
import { RoomDto } from './room.dto.js';

export class SendMessageDto extends RoomDto {
  text: string;
}
