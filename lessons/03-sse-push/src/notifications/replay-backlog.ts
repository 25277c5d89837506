import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config.js';
import type { AddressedNotification } from './notification.js';

interface Backlog {
  /** Its recipient's newest notifications, oldest first. */
  recent: AddressedNotification[];
  /** The number of the newest notification dropped from it. */
  droppedAfter: number;
}

/**
 * The notifications kept for clients that resume, bounded so that no client
 * can make the server hold more: the last `replayLimit` of each recipient and
 * of everyone (under null), so what one user receives never pushes another
 * user's out; at most `replayTotal` in all, the oldest of all dropped first;
 * none older than `replayMaxAgeMs`. Every drop is remembered, so a replay that
 * would have a hole in it can be told from one that is complete.
 */
@Injectable()
export class ReplayBacklog {
  private readonly limits: Pick<
    AppConfig,
    'replayLimit' | 'replayTotal' | 'replayMaxAgeMs'
  >;
  /** A backlog per recipient id (null: everyone); one that empties is deleted. */
  private readonly backlogs = new Map<string | null, Backlog>();
  /** Every notification kept, by number, oldest first (a Map iterates in insertion order). */
  private readonly keptInOrder = new Map<
    number,
    { addressed: AddressedNotification; keptAt: number }
  >();
  // A deleted backlog takes its droppedAfter with it: this is the newest
  // number dropped from any deleted one, the most it can have been. A user
  // without a backlog may get a reset that was not needed, never a silent gap.
  private forgottenAfter = 0;

  constructor(config: ConfigService) {
    const { replayLimit, replayTotal, replayMaxAgeMs } =
      config.getOrThrow<AppConfig>('app');
    this.limits = { replayLimit, replayTotal, replayMaxAgeMs };
  }

  /** Keeps a notification just published, dropping what the bounds no longer allow. */
  keep(addressed: AddressedNotification): void {
    this.dropExpired();
    let backlog = this.backlogs.get(addressed.recipientId);
    if (!backlog) {
      backlog = { recent: [], droppedAfter: this.forgottenAfter };
      this.backlogs.set(addressed.recipientId, backlog);
    }
    backlog.recent.push(addressed);
    this.keptInOrder.set(addressed.sequence, { addressed, keptAt: Date.now() });
    while (backlog.recent.length > this.limits.replayLimit) {
      this.dropOldestOf(addressed.recipientId);
    }
    while (this.keptInOrder.size > this.limits.replayTotal) {
      const oldest = this.keptInOrder.values().next().value!;
      this.dropOldestOf(oldest.addressed.recipientId);
    }
  }

  /**
   * What may be replayed to the user `userId`: their notifications and those
   * to everyone, oldest first, and the number after which that is complete (a
   * notification with a larger number was never dropped).
   */
  of(userId: string): {
    recent: AddressedNotification[];
    replayableAfter: number;
  } {
    this.dropExpired();
    const own = this.backlogs.get(userId);
    const everyone = this.backlogs.get(null);
    return {
      recent: [...(own?.recent ?? []), ...(everyone?.recent ?? [])].sort(
        (a, b) => a.sequence - b.sequence,
      ),
      replayableAfter: Math.max(
        own?.droppedAfter ?? this.forgottenAfter,
        everyone?.droppedAfter ?? this.forgottenAfter,
      ),
    };
  }

  private dropExpired(): void {
    const keptSince = Date.now() - this.limits.replayMaxAgeMs;
    for (const { addressed, keptAt } of this.keptInOrder.values()) {
      if (keptAt > keptSince) break;
      this.dropOldestOf(addressed.recipientId);
    }
  }

  // The oldest notification kept of all is the oldest of its recipient too, so
  // whatever drops one always takes it from the front of a backlog.
  private dropOldestOf(recipientId: string | null): void {
    const backlog = this.backlogs.get(recipientId)!;
    const dropped = backlog.recent.shift()!;
    this.keptInOrder.delete(dropped.sequence);
    backlog.droppedAfter = dropped.sequence;
    if (backlog.recent.length === 0) {
      this.backlogs.delete(recipientId);
      this.forgottenAfter = Math.max(this.forgottenAfter, dropped.sequence);
    }
  }
}
