import { IsString, Length } from 'class-validator';

export class LoginDto {
  @Length(1, 64, { message: 'username must be 1–64 characters' })
  @IsString({ message: 'username must be a string' })
  username: string;

  @Length(1, 256, { message: 'password must be 1–256 characters' })
  @IsString({ message: 'password must be a string' })
  password: string;
}
