import { Body, Controller, HttpCode, HttpStatus, Post, ValidationPipe } from '@nestjs/common';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { IssuedToken } from './token-claims.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** 200, not 201: a login creates nothing the client could fetch later. */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  login(
    @Body(new ValidationPipe({ whitelist: true, stopAtFirstError: true })) { username, password }: LoginDto,
  ): Promise<IssuedToken> {
    return this.auth.login(username, password);
  }
}
