import { Inject, Injectable, NotImplementedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../app-config.token.js';
import type { AppConfig } from '../config.js';
import { User } from '../users/user.js';
import { StreamTicket } from './stream-ticket.js';

interface IssuedTicket {
  user: User;
  expiresAt: number;
}

/**
 * Short-lived, single-use tickets that open one SSE stream. EventSource cannot
 * send an Authorization header, so the stream URL carries a ticket instead of
 * the access token: a URL ends up in logs and history, and this one is
 * worthless a moment later.
 */
@Injectable()
export class TicketsService {
  private readonly issued = new Map<string, IssuedTicket>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  issue(user: User): StreamTicket {
    // TODO 1: issue a ticket for `user`: at least 128 random bits from randomBytes
    //   (e.g. 32 bytes as base64url), kept in this.issued with the user and its
    //   expiry, config.ticketTtl seconds from now. Call this.forgetExpired() first.
    //   Return { ticket, expiresIn: config.ticketTtl }.
    throw new NotImplementedException('Not implemented yet: issue a stream ticket (TODO 1)');
  }

  /** The ticket's user, once; undefined for a ticket that is unknown, used or expired. */
  redeem(ticket: string): User | undefined {
    // TODO 1: look the ticket up and delete it, whatever happens next: a ticket
    //   opens one stream only. Return its user, or undefined when the ticket is
    //   unknown or its expiresAt has passed.
    return undefined;
  }

  // Expiry is checked on use, so no timer is needed; this only keeps the map
  // from growing with tickets nobody redeemed. Every ticket lives for the same
  // TTL, so the map's insertion order is expiry order.
  private forgetExpired(): void {
    const now = Date.now();
    for (const [ticket, { expiresAt }] of this.issued) {
      if (expiresAt > now) break;
      this.issued.delete(ticket);
    }
  }
}
