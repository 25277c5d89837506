import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { IssuedToken } from './token-claims.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** 200, not 201: a login creates nothing the client could fetch later. Over the limit: 429 with Retry-After. */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(ThrottlerGuard)
  login(
    @Body(new ValidationPipe({ whitelist: true, stopAtFirstError: true }))
    { username, password }: LoginDto,
  ): Promise<IssuedToken> {
    return this.auth.login(username, password);
  }
}
