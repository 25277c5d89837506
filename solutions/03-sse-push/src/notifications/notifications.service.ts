import { Inject, Injectable, MessageEvent, NotImplementedException, OnModuleDestroy } from '@nestjs/common';
import { concat, defer, filter, finalize, from, map, merge, Observable, Subject, takeUntil } from 'rxjs';
import { APP_CONFIG } from '../app-config.token.js';
import type { AppConfig } from '../config.js';
import { User } from '../users/user.js';
import { heartbeat } from './heartbeat.js';
import { AddressedNotification, Notification } from './notification.js';

export interface NotificationContent {
  title: string;
  body: string;
}

@Injectable()
export class NotificationsService implements OnModuleDestroy {
  private lastId = 0;
  /** The last `replayLimit` notifications, oldest first, for clients that resume. */
  private readonly recent: AddressedNotification[] = [];
  private readonly published$ = new Subject<AddressedNotification>();
  private readonly shutdown$ = new Subject<void>();
  private openStreams = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get subscribers(): number {
    return this.openStreams;
  }

  /** Sends a notification to `recipient`, or to everyone when there is none. */
  publish(sender: User, { title, body }: NotificationContent, recipient?: User): Notification {
    const addressed: AddressedNotification = {
      notification: { id: ++this.lastId, title, body, from: sender.name, at: new Date().toISOString() },
      recipientId: recipient?.id ?? null,
    };
    this.recent.push(addressed);
    if (this.recent.length > this.config.replayLimit) {
      this.recent.splice(0, this.recent.length - this.config.replayLimit);
    }
    this.published$.next(addressed);
    return addressed.notification;
  }

  /**
   * The SSE stream of one client: its notifications after `afterId`, then live
   * ones, with heartbeats. It ends when the client goes away or the app closes.
   */
  streamFor(user: User, afterId?: number): Observable<MessageEvent> {
    return defer(() => {
      this.openStreams++;
      return merge(this.eventsFor(user, afterId), heartbeat(this.config.heartbeatMs)).pipe(
        takeUntil(this.shutdown$),
        finalize(() => this.openStreams--),
      );
    });
  }

  // Closing the app completes every open stream, so Nest ends their responses
  // (and their heartbeat timers) before the HTTP server closes.
  onModuleDestroy(): void {
    this.shutdown$.next();
    this.shutdown$.complete();
    this.published$.complete();
  }

  private eventsFor(user: User, afterId?: number): Observable<MessageEvent> {
    // Deferred so the backlog is read when the stream is subscribed to: from()
    // replays it synchronously and then concat() subscribes to the live
    // Subject in the same tick, so nothing published in between is lost.
    return defer(() => {
      const backlog = afterId === undefined ? [] : this.recent.filter(({ notification }) => notification.id > afterId);
      return concat(from(backlog), this.published$).pipe(
        filter(({ recipientId }) => recipientId === null || recipientId === user.id),
        map(({ notification }): MessageEvent => ({
          id: String(notification.id),
          type: 'notification',
          data: notification,
        })),
      );
    });
  }
}
