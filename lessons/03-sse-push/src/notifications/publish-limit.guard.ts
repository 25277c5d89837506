import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ServerResponse } from 'node:http';
import type { AppConfig } from '../config.js';
import type { AuthenticatedRequest } from './authenticated-request.js';

/** Runs after BearerAuthGuard on POST /notifications. */
@Injectable()
export class PublishLimitGuard implements CanActivate {
  // A member who publishes in a loop is refused, not stored and delivered.
  private readonly perMinute: number;
  /** Each user's current minute: when it began and how many they published in it. */
  private readonly minutes = new Map<
    string,
    { start: number; count: number }
  >();

  constructor(config: ConfigService) {
    this.perMinute = config.getOrThrow<AppConfig>('app').publishesPerMinute;
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const userId = http.getRequest<AuthenticatedRequest>().auth!.user.id;
    const now = Date.now();
    const minuteMs = 60_000;
    let minute = this.minutes.get(userId);
    if (!minute || now - minute.start >= minuteMs) {
      minute = { start: now, count: 0 };
      this.minutes.set(userId, minute);
    }
    if (minute.count < this.perMinute) {
      minute.count += 1;
      return true;
    }
    const retryAfter = Math.ceil((minute.start + minuteMs - now) / 1000);
    http
      .getResponse<ServerResponse>()
      .setHeader('Retry-After', String(retryAfter));
    throw new HttpException(
      `You may publish ${this.perMinute} notifications a minute: try again in ${retryAfter} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
