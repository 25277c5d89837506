import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export class AnnouncementDto {
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  )
  @Length(1, 500, {
    message:
      'Announcements are 1–500 characters (spaces at either end do not count)',
  })
  @IsString({ message: 'text must be a string' })
  text: string;
}
