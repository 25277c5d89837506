import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config.js';
import type { RequestAuth } from './authenticated-request.js';
import type { StreamTicket } from './stream-ticket.js';

// TODO 1: hand out stream tickets that nobody can guess and that say nothing
//   about their holder (Your tasks, 1)

/**
 * Short-lived, single-use tickets that open one SSE stream. EventSource cannot
 * send an Authorization header, so the stream URL carries a ticket instead of
 * the access token: a URL ends up in logs and history, and this one is
 * worthless a moment later.
 */
@Injectable()
export class TicketsService {
  // TODO 1: keep each one in memory with whom it was issued to, valid for
  //   TICKET_TTL seconds but never past that person's access token; at most
  //   TICKETS_PER_USER per person, the oldest giving way to a new one; forget
  //   the ones that ran out unused, without visiting every ticket each time;
  //   report how many are kept (Your tasks, 1)
  /** How many tickets are held right now; GET /notifications/stats shows it. */
  get count(): number {
    return 0;
  }

  // TODO 2: let a ticket in once, while it is valid, and say whom it was for;
  //   two requests that race with one ticket never both get in (Your tasks, 2)
}
