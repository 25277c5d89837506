import {
  Injectable,
  MessageEvent,
  NotImplementedException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { defer, Observable } from 'rxjs';
import type { AppConfig } from '../config.js';
import type { User } from '../users/user.js';
import type { RequestAuth } from './authenticated-request.js';
import type {
  AddressedNotification,
  Notification,
  NotificationContent,
} from './notification.js';
import { ReplayBacklog } from './replay-backlog.js';

// TODO 7: how a notification goes out as an event (Your tasks, 7)

@Injectable()
export class NotificationsService {
  private readonly config: AppConfig;

  constructor(
    config: ConfigService,
    private readonly backlog: ReplayBacklog,
  ) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  // TODO 5: what the service needs to number notifications (Your tasks, 5)

  // TODO 7: what the service needs to hand each notification to the open
  //   streams of its recipient only: publishing to one user costs nothing per
  //   stream of anyone else (Your tasks, 7)

  /** Sends a notification to `recipient`, or to everyone when there is none; POST /notifications answers with its id. */
  publish(
    sender: User,
    content: NotificationContent,
    recipient?: User,
  ): Notification {
    // TODO 5: a notification with an id that names this run of the app and
    //   counts up within it, the sender's name and the time of publishing
    //   (Your tasks, 5)

    // TODO 8: keep it for clients that come back (Your tasks, 8)

    // TODO 7: pass it to its recipient's open streams (Your tasks, 7)

    // TODO 5: answer with it (Your tasks, 5)
    throw new NotImplementedException(
      'Not implemented yet: publish a notification (Your tasks, 5)',
    );
  }

  /** What a client of `user` that saw `lastEventId` missed, oldest first. */
  private replay(user: User, lastEventId: string): MessageEvent[] {
    // TODO 9: when what came after that id cannot all be replayed, an event
    //   that says so instead (Your tasks, 9)

    // TODO 8: the notifications kept for this user that came after that id
    //   (Your tasks, 8)
    return [];
  }

  // TODO 9: which ids a complete replay can start from, and the id a client
  //   resumes from when it cannot (Your tasks, 9)

  /** Streams open right now; GET /notifications/stats shows it. */
  get subscribers(): number {
    // TODO 12: how many streams are open right now (Your tasks, 12)
    return 0;
  }

  // TODO 13: when the app closes, end every open stream (Your tasks, 13)

  /**
   * The SSE stream of one client, made when the client subscribes: its
   * notifications (after `lastEventId` first, when it sent one), heartbeats,
   * and an end when it leaves, when its token expires or when the app closes.
   */
  streamFor(auth: RequestAuth, lastEventId?: string): Observable<MessageEvent> {
    return defer(() => {
      // TODO 14: one stream more than STREAMS_PER_USER is refused with 429
      //   before anything is sent (Your tasks, 14)
      let stream: Observable<MessageEvent>;
      // TODO 7: the live notifications for this user and for everyone, as
      //   events with an id (Your tasks, 7)
      stream = new Observable<MessageEvent>();

      // TODO 8: what the client missed first, when it sent a last event id
      //   (Your tasks, 8)

      // TODO 10: a comment every HEARTBEAT_MS (Your tasks, 10)

      // TODO 11: the end at the token's expiry (Your tasks, 11)

      // TODO 12: counted while open (Your tasks, 12)

      // TODO 13: ended when the app closes (Your tasks, 13)

      // However the stream ends, its user has one stream fewer.
      // TODO 14: count it down (Your tasks, 14)
      return stream;
    });
  }

  // TODO 14: how many streams each person has open (Your tasks, 14)
}
