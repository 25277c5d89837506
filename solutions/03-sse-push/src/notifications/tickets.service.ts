import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config.js';
import type { RequestAuth } from './authenticated-request.js';
import type { StreamTicket } from './stream-ticket.js';

interface HeldTicket {
  auth: RequestAuth;
  /** When the ticket stops opening streams, in ms since the epoch. */
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
  private readonly config: AppConfig;

  constructor(config: ConfigService) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  /** Every held ticket, in the order they were issued (a Map keeps insertion order). */
  private readonly held = new Map<string, HeldTicket>();

  /** Each user's held tickets, oldest first. */
  private readonly heldByUser = new Map<string, Set<string>>();

  /** A new ticket for whoever `auth` is; POST /notifications/ticket answers with it. */
  issue(auth: RequestAuth): StreamTicket {
    const now = Date.now();
    // 32 bytes from the operating system's CSPRNG: 256 bits nobody can predict,
    // and nothing in them says who the ticket is for.
    const ticket = randomBytes(32).toString('base64url');
    // Never valid longer than the access token it was bought with.
    const expiresAt = Math.min(
      now + this.config.ticketTtl * 1000,
      auth.tokenExp * 1000,
    );
    this.held.set(ticket, { auth, expiresAt });

    // A client that asks for tickets it never uses cannot make the server hold
    // more than TICKETS_PER_USER for it: the oldest gives way.
    const mine = this.heldByUser.get(auth.user.id) ?? new Set<string>();
    this.heldByUser.set(auth.user.id, mine.add(ticket));
    if (mine.size > this.config.ticketsPerUser)
      this.take(mine.values().next().value!);

    this.forgetExpired(now);

    return { ticket, expiresIn: (expiresAt - now) / 1000 };
  }

  /** Removes a ticket, whoever holds it, and returns what it was issued for. */
  private take(ticket: string): HeldTicket | undefined {
    const found = this.held.get(ticket);
    if (!found) return undefined;
    this.held.delete(ticket);
    const mine = this.heldByUser.get(found.auth.user.id);
    mine?.delete(ticket);
    if (mine?.size === 0) this.heldByUser.delete(found.auth.user.id);
    return found;
  }

  // Expiry is checked on use; this only keeps the map from growing with tickets
  // nobody redeemed. Tickets are kept in the order they were issued, so the
  // oldest come first and the sweep stops at the first one still valid: its
  // cost is the tickets it forgets, not every ticket held.
  private forgetExpired(now: number): void {
    for (const [ticket, { expiresAt }] of this.held) {
      if (expiresAt > now) break;
      this.take(ticket);
    }
  }

  /** How many tickets are held right now; GET /notifications/stats shows it. */
  get count(): number {
    return this.held.size;
  }

  /** Who the ticket was issued to, once; undefined for a ticket that is unknown, used or expired. */
  redeem(ticket: string): RequestAuth | undefined {
    // Found and removed in one synchronous step: two requests that race with one
    // ticket cannot both find it, whatever else they wait for.
    const found = this.take(ticket);
    if (!found || found.expiresAt <= Date.now()) return undefined;
    return found.auth;
  }
}
