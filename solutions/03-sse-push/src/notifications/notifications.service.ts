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
import { ReplayBacklog } from './replay-backlog.js';
import { endAtTokenExpiry } from './token-expiry.js';

function toMessageEvent({ notification }: AddressedNotification): MessageEvent {
  return { id: notification.id, type: 'notification', data: notification };
}

@Injectable()
export class NotificationsService {
  private readonly config: AppConfig;

  constructor(
    config: ConfigService,
    private readonly backlog: ReplayBacklog,
  ) {
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

    this.backlog.keep(addressed);

    if (addressed.recipientId === null) this.toEveryone$.next(addressed);
    else this.toUser.get(addressed.recipientId)?.next(addressed);

    return notification;
  }

  /**
   * What a client of `user` that saw `lastEventId` missed, oldest first; or a
   * `reset` event when that cannot be known.
   */
  private replay(user: User, lastEventId: string): MessageEvent[] {
    if (!this.canReplayAfter(user, lastEventId)) {
      const message =
        'Cannot replay what came after the id you sent: some notifications may be lost; resume from this id';
      return [{ type: 'reset', id: this.resumeIdFor(user), data: { message } }];
    }

    const after = Number(lastEventId.split('-')[1]);
    return this.backlog
      .of(user.id)
      .recent.filter((addressed) => addressed.sequence > after)
      .map(toMessageEvent);
  }

  /**
   * Whether everything for `user` after `lastEventId` is still kept: the id
   * is of this run, it has been given out, and nothing after it was dropped.
   */
  private canReplayAfter(user: User, lastEventId: string): boolean {
    const [run, number] = lastEventId.split('-');
    const after = Number(number);
    return (
      run === this.run &&
      after >= this.backlog.of(user.id).replayableAfter &&
      after <= this.lastSequence
    );
  }

  /**
   * The id a client of `user` resumes from: their newest notification kept,
   * else where a complete replay starts. Never the newest id of all: that
   * would tell them when, and how often, others were notified.
   */
  private resumeIdFor(user: User): string {
    const { recent, replayableAfter } = this.backlog.of(user.id);
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
      stream = stream.pipe(finalize(() => this.openStreams--));

      stream = stream.pipe(takeUntil(this.closing$));

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
