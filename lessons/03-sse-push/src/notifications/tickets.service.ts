import { Injectable, NotImplementedException } from '@nestjs/common';
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
  private readonly config: AppConfig;

  constructor(config: ConfigService) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  // TODO 1: where each ticket is kept, with whom it was issued to
  //   (Your tasks, 1)

  // TODO 2: what it takes to find each person's tickets, oldest first
  //   (Your tasks, 2)

  /** A new ticket for whoever `auth` is; POST /notifications/ticket answers with it. */
  issue(auth: RequestAuth): StreamTicket {
    // TODO 1: a new ticket, kept with whom it was issued to, valid for
    //   TICKET_TTL seconds but never past that person's access token
    //   (Your tasks, 1)

    // TODO 2: at most TICKETS_PER_USER per person, the oldest giving way to
    //   the new one (Your tasks, 2)

    // TODO 3: forget the ones that ran out unused, without visiting every
    //   ticket each time (Your tasks, 3)

    // TODO 1: answer with it and the seconds it is valid for (Your tasks, 1)
    throw new NotImplementedException(
      'Not implemented yet: issue a ticket (Your tasks, 1)',
    );
  }

  // TODO 2: taking a ticket away from wherever it is kept (Your tasks, 2)

  // TODO 3: forgetting the tickets that ran out, from the oldest, and no
  //   further than it must (Your tasks, 3)

  /** How many tickets are held right now; GET /notifications/stats shows it. */
  get count(): number {
    // TODO 1: how many are kept (Your tasks, 1)
    return 0;
  }

  // TODO 4: let a ticket in once, while it is valid, and say whom it was for;
  //   two requests that race with one ticket never both get in (Your tasks, 4)
}
