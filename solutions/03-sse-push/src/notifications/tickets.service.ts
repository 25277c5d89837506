import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config.js';
import type { RequestAuth } from './authenticated-request.js';
import type { StreamTicket } from './stream-ticket.js';
import { randomBytes } from 'node:crypto';

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
  private readonly held = new Map<string, HeldTicket>();
  private readonly ttlMs: number;

  constructor(config: ConfigService) {
    this.ttlMs = config.getOrThrow<AppConfig>('app').ticketTtl * 1000;
  }

  issue(auth: RequestAuth): StreamTicket {
    const now = Date.now();
    this.forgetExpired(now);
    // 32 bytes from the operating system's CSPRNG: 256 bits nobody can predict,
    // and nothing in them says who the ticket is for.
    const ticket = randomBytes(32).toString('base64url');
    // Never valid longer than the access token it was bought with.
    const expiresAt = Math.min(now + this.ttlMs, auth.tokenExp * 1000);
    this.held.set(ticket, { auth, expiresAt });
    return { ticket, expiresIn: (expiresAt - now) / 1000 };
  }

  // Expiry is checked on use; this only keeps the map from growing with
  // tickets nobody redeemed.
  private forgetExpired(now: number): void {
    for (const [ticket, { expiresAt }] of this.held) {
      if (expiresAt <= now) this.held.delete(ticket);
    }
  }

  /** How many tickets are held right now; GET /notifications/stats shows it. */
  get count(): number {
    return this.held.size;
  }

  /** Who the ticket was issued to, once; undefined for a ticket that is unknown, used or expired. */
  redeem(ticket: string): RequestAuth | undefined {
    const found = this.held.get(ticket);
    this.held.delete(ticket);
    if (!found || found.expiresAt <= Date.now()) return undefined;
    return found.auth;
  }
}
