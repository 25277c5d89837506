import { Injectable, UnauthorizedException } from '@nestjs/common';
import { UsersService } from '../users/users.service.js';
import { IssuedToken } from './token-claims.js';
import { TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  async login(username: string, password: string): Promise<IssuedToken> {
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      // The same answer for an unknown name and a wrong password.
      throw new UnauthorizedException('Wrong username or password');
    }
    return this.tokens.issue(user);
  }
}
