import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import {
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './token-claims.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [
    UsersModule,
    // Pinned where the module is made, so every sign and verify in the app uses them (RFC 8725 §3.1, §3.8–3.9).
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const { jwtSecret, tokenTtl } = config.getOrThrow<AppConfig>('app');
        return {
          secret: jwtSecret,
          signOptions: {
            algorithm: TOKEN_ALGORITHM,
            expiresIn: tokenTtl,
            issuer: TOKEN_ISSUER,
            audience: TOKEN_AUDIENCE,
          },
          verifyOptions: {
            algorithms: [TOKEN_ALGORITHM],
            issuer: TOKEN_ISSUER,
            audience: TOKEN_AUDIENCE,
          },
        };
      },
    }),
    // Password guessing costs a login each; each client address gets a few per minute (see AuthController).
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        throttlers: [
          {
            ttl: 60_000,
            limit: config.getOrThrow<AppConfig>('app').loginAttemptsPerMinute,
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService],
  exports: [TokenService, UsersModule],
})
export class AuthModule {}
