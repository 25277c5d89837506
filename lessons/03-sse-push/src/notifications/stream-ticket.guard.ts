import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
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
    // TODO 5: refuse a stream request whose ticket is missing, unknown, used or
    //   expired with a 401 that tells the client what to do, before any stream
    //   byte; let a good one through with its holder attached (Your tasks, 5)
    return false;
  }
}
