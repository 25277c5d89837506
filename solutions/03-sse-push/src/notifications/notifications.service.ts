import {
  HttpException,
  HttpStatus,
  Injectable,
  MessageEvent,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import {
  concat,
  defer,
  finalize,
  from,
  map,
  merge,
  Observable,
  ReplaySubject,
  Subject,
  takeUntil,
} from 'rxjs';
import type { AppConfig } from '../config.js';
import type { User } from '../users/user.js';
import type { RequestAuth } from './authenticated-request.js';
import { withHeartbeat } from './heartbeat.js';
import type {
  AddressedNotification,
  Notification,
  NotificationContent,
} from './notification.js';
import { endAtTokenExpiry } from './token-expiry.js';

function toMessageEvent({ notification }: AddressedNotification): MessageEvent {
  return { id: notification.id, type: 'notification', data: notification };
}

@Injectable()
export class NotificationsService {
  private readonly config: AppConfig;

  constructor(config: ConfigService) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  // Every id names the run of the app that gave it out, so an id from an
  // earlier run is never taken for one of this run's, whatever the clock did
  // in between (stepped back, or ids that ran ahead of it in a burst).
  private readonly run = randomBytes(4).toString('hex');
  private lastSequence = 0;

  // Notifications go out by recipient: one Subject for everyone, and one per
  // user with a stream open, made with their first stream and deleted with
  // their last. A notification to bob reaches bob's streams and costs nothing
  // per stream of anyone else (a filter per stream would cost every open
  // stream a call for every notification).
  private readonly toEveryone$ = new Subject<AddressedNotification>();
  private readonly toUser = new Map<string, Subject<AddressedNotification>>();

  /** The live notifications for `user`: theirs, and those to everyone. */
  private liveFor(user: User): Observable<AddressedNotification> {
    return defer(() => {
      let own = this.toUser.get(user.id);
      if (!own) {
        own = new Subject<AddressedNotification>();
        this.toUser.set(user.id, own);
      }
      const mine = own;
      return merge(mine, this.toEveryone$).pipe(
        finalize(() => {
          if (!mine.observed && this.toUser.get(user.id) === mine)
            this.toUser.delete(user.id);
        }),
      );
    });
  }

  /** Sends a notification to `recipient`, or to everyone when there is none; POST /notifications answers with its id. */
  publish(
    sender: User,
    content: NotificationContent,
    recipient?: User,
  ): Notification {
    const sequence = ++this.lastSequence;
    const notification: Notification = {
      id: `${this.run}-${sequence}`,
      title: content.title,
      body: content.body,
      from: sender.name,
      at: new Date().toISOString(),
    };
    const addressed: AddressedNotification = {
      notification,
      recipientId: recipient?.id ?? null,
      sequence,
    };

    this.keep(addressed);

    if (addressed.recipientId === null) this.toEveryone$.next(addressed);
    else this.toUser.get(addressed.recipientId)?.next(addressed);
    return notification;
  }

  /**
   * The last `replayLimit` notifications of each recipient, oldest first, and
   * of everyone (under null): what one user receives never pushes another
   * user's notifications out. Each with the number of the newest one dropped.
   * A backlog that empties is deleted.
   */
  private readonly backlogs = new Map<
    string | null,
    { recent: AddressedNotification[]; droppedAfter: number }
  >();

  /**
   * Every notification kept, in any backlog, by number, oldest first (a Map
   * iterates in insertion order): at most `replayTotal`, each for at most
   * `replayMaxAgeMs`, so the memory held does not grow with the users.
   */
  private readonly keptInOrder = new Map<
    number,
    { addressed: AddressedNotification; keptAt: number }
  >();

  // A deleted backlog takes its droppedAfter with it: this is the newest
  // number dropped from any deleted one, the most it can have been. A user
  // without a backlog may get a reset that was not needed, never a silent gap.
  private forgottenAfter = 0;

  private keep(addressed: AddressedNotification): void {
    this.dropExpired();
    let backlog = this.backlogs.get(addressed.recipientId);
    if (!backlog) {
      backlog = { recent: [], droppedAfter: this.forgottenAfter };
      this.backlogs.set(addressed.recipientId, backlog);
    }
    backlog.recent.push(addressed);
    this.keptInOrder.set(addressed.sequence, { addressed, keptAt: Date.now() });
    while (backlog.recent.length > this.config.replayLimit) {
      this.dropOldestOf(addressed.recipientId);
    }
    while (this.keptInOrder.size > this.config.replayTotal) {
      const oldest = this.keptInOrder.values().next().value!;
      this.dropOldestOf(oldest.addressed.recipientId);
    }
  }

  private dropExpired(): void {
    const keptSince = Date.now() - this.config.replayMaxAgeMs;
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

  /** What `user` may be replayed, oldest first, and after which number that is complete. */
  private backlogOf(user: User): {
    recent: AddressedNotification[];
    replayableAfter: number;
  } {
    this.dropExpired();
    const own = this.backlogs.get(user.id);
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

  /**
   * What a client that saw `lastEventId` missed, oldest first; or a `reset`
   * event when that cannot be known: the id is from another run, or not given
   * out yet, or what came after it has been dropped.
   */
  private replay(user: User, lastEventId: string): MessageEvent[] {
    const [run, number] = lastEventId.split('-');
    const after = Number(number);
    const { recent, replayableAfter } = this.backlogOf(user);
    if (
      run !== this.run ||
      after < replayableAfter ||
      after > this.lastSequence
    ) {
      const message =
        'Cannot replay what came after the id you sent: some notifications may be lost; resume from this id';
      return [{ type: 'reset', id: this.resumeIdFor(user), data: { message } }];
    }
    return recent
      .filter((addressed) => addressed.sequence > after)
      .map(toMessageEvent);
  }

  /**
   * The id a client of `user` resumes from: their newest notification kept,
   * else where a complete replay starts. Never the newest id of all: that
   * would tell them when, and how often, others were notified.
   */
  private resumeIdFor(user: User): string {
    const { recent, replayableAfter } = this.backlogOf(user);
    return `${this.run}-${recent.at(-1)?.sequence ?? replayableAfter}`;
  }

  /** Streams open right now; GET /notifications/stats shows it. */
  get subscribers(): number {
    return this.openStreams;
  }

  private openStreams = 0;
  private readonly closing$ = new ReplaySubject<void>(1);

  // Closing the app completes every open stream, so Nest ends their responses
  // (and their timers) before the HTTP server closes.
  onModuleDestroy(): void {
    this.closing$.next();
  }

  /**
   * The SSE stream of one client, made when the client subscribes: its
   * notifications (after `lastEventId` first, when it sent one), heartbeats,
   * and an end when it leaves, when its token expires or when the app closes.
   */
  streamFor(auth: RequestAuth, lastEventId?: string): Observable<MessageEvent> {
    return defer(() => {
      // Thrown before Nest sends the stream's headers, so the client gets an
      // ordinary 429 answer; counted at once, so two opens cannot both slip in.
      const open = this.openStreamsByUser.get(auth.user.id) ?? 0;
      if (open >= this.config.streamsPerUser) {
        throw new HttpException(
          `You have ${open} streams open, the most one user may have: close one (another tab?) before opening another`,
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      this.openStreamsByUser.set(auth.user.id, open + 1);
      let stream: Observable<MessageEvent>;
      stream = this.liveFor(auth.user).pipe(map(toMessageEvent));

      // Both in this same tick: the backlog is read and the live notifications
      // are subscribed to with nothing published in between.
      if (lastEventId !== undefined)
        stream = concat(from(this.replay(auth.user, lastEventId)), stream);

      stream = stream.pipe(withHeartbeat(this.config.heartbeatMs));

      stream = stream.pipe(
        endAtTokenExpiry(auth.tokenExp, () => this.resumeIdFor(auth.user)),
      );

      this.openStreams++;
      stream = stream.pipe(
        takeUntil(this.closing$),
        finalize(() => this.openStreams--),
      );

      // However the stream ends, its user has one stream fewer.
      stream = stream.pipe(finalize(() => this.streamEnded(auth.user)));
      return stream;
    });
  }

  /** Open streams per user id, for STREAMS_PER_USER. */
  private readonly openStreamsByUser = new Map<string, number>();

  private streamEnded(user: User): void {
    const open = (this.openStreamsByUser.get(user.id) ?? 1) - 1;
    if (open === 0) this.openStreamsByUser.delete(user.id);
    else this.openStreamsByUser.set(user.id, open);
  }
}
