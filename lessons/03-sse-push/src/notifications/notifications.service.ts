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
    // TODO 3: build an AddressedNotification: the next id of this.lastId (one
    //   sequence for everyone), from = the sender's name, at = now (ISO 8601),
    //   recipientId = the recipient's id or null. Keep it in this.recent (only the
    //   last config.replayLimit), push it to this.published$, return the notification.
    throw new NotImplementedException('Not implemented yet: publish a notification (TODO 3)');
  }

  /**
   * The SSE stream of one client: its notifications after `afterId`, then live
   * ones, with heartbeats. It ends when the client goes away or the app closes.
   */
  streamFor(user: User, afterId?: number): Observable<MessageEvent> {
    // TODO 6: merge the user's events with heartbeat(config.heartbeatMs), end the
    //   stream on this.shutdown$ (takeUntil), and count it in this.openStreams
    //   from subscription (defer) until it ends for any reason (finalize).
    return this.eventsFor(user, afterId);
  }

  // Closing the app completes every open stream, so Nest ends their responses
  // (and their heartbeat timers) before the HTTP server closes.
  onModuleDestroy(): void {
    this.shutdown$.next();
    this.shutdown$.complete();
    this.published$.complete();
  }

  private eventsFor(user: User, afterId?: number): Observable<MessageEvent> {
    // TODO 4: the notifications in this.recent with an id above afterId (none
    //   when afterId is undefined), then the live ones from this.published$ --
    //   only those for everyone or for this user -- each as a MessageEvent with
    //   id (the notification id, as a string), type 'notification' and data.
    //   Read this.recent when the stream is subscribed to, not before (defer).
    throw new NotImplementedException('Not implemented yet: the notification stream (TODO 4)');
  }
}
