import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class PublishNotificationDto {
  @IsOptional()
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
