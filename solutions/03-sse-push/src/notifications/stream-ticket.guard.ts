import {
  CanActivate,
  ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { TicketsService } from './tickets.service.js';

/**
 * Redeems the `ticket` query parameter of a stream request. A guard runs
 * before the handler returns its Observable, so a refusal is an ordinary
 * 401 JSON response: no SSE header or byte has been sent yet.
 */
@Injectable()
export class StreamTicketGuard implements CanActivate {
  constructor(private readonly tickets: TicketsService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { ticket } = request.query;
    if (typeof ticket !== 'string' || ticket === '') {
      throw new UnauthorizedException(
        'Open the stream with ?ticket=<ticket>: POST /notifications/ticket with your access token gives one',
      );
    }
    const auth = this.tickets.redeem(ticket);
    if (!auth) {
      throw new UnauthorizedException(
        'This ticket is unknown, used or expired: get a new one from POST /notifications/ticket',
      );
    }
    request.auth = auth;
    return true;
  }
}
