import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { RoomDto } from './room.dto.js';

export class SendMessageDto extends RoomDto {
  // TODO 5: trim the text (class-transformer's @Transform), then allow 1–500
  //   characters (@Length) with a message that states the rule.
  @IsString({ message: 'text must be a string' })
  text: string;
}
