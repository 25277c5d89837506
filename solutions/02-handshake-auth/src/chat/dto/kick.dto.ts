import { IsString, Length } from 'class-validator';

export class KickDto {
  @Length(1, 64, { message: 'userId must be 1–64 characters' })
  @IsString({ message: 'userId must be a string, like "u2"' })
  userId: string;
}
