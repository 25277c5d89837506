import { IsString } from 'class-validator';
import { RoomDto } from './room.dto.js';

export class SendMessageDto extends RoomDto {
  // TODO 8: 1–500 characters once the spaces at both ends are cut off, and passed on cut;
  //   a text that is not a string still hears the rule below (Your tasks, 8)
  @IsString({ message: 'text must be a string' })
  text: string;
}
