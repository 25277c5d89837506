import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

// Longer than any user name: refused before the lookup, whatever its length.
const USER_NAME_MAX_LENGTH = 64;

export class PublishNotificationDto {
  @IsOptional()
  @MaxLength(USER_NAME_MAX_LENGTH, {
    message: `to must be a user name of at most ${USER_NAME_MAX_LENGTH} characters`,
  })
  @IsString({
    message:
      'to must be a user name, like "bob" (leave it out to notify everyone)',
  })
  to?: string;

  @Length(1, 100, { message: 'title must be 1–100 characters' })
  @IsString({ message: 'title must be a string' })
  title: string;

  @MaxLength(1000, { message: 'body must be at most 1000 characters' })
  @IsString({ message: 'body must be a string' })
  body: string;
}
