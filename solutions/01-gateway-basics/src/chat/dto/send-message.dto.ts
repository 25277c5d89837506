import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { RoomDto } from './room.dto.js';

export class SendMessageDto extends RoomDto {
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  )
  @Length(1, 500, {
    message:
      'Messages are 1–500 characters (spaces at either end do not count)',
  })
  @IsString({ message: 'text must be a string' })
  text: string;
}
