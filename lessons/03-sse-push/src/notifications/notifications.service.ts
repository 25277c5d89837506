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

// TODO 3: how a notification goes out as an event (Your tasks, 3)

@Injectable()
export class NotificationsService {
  private readonly config: AppConfig;

  constructor(config: ConfigService) {
    this.config = config.getOrThrow<AppConfig>('app');
  }

  // TODO 3: what the service needs to number notifications and hand each one
  //   to the open streams of its recipient only: publishing to one user costs
  //   nothing per stream of anyone else (Your tasks, 3)

  /** Sends a notification to `recipient`, or to everyone when there is none; POST /notifications answers with its id. */
  publish(
    sender: User,
    content: NotificationContent,
    recipient?: User,
  ): Notification {
    // TODO 3: a notification with an id that names this run of the app and
    //   counts up within it, the sender's name and the time of publishing
    //   (Your tasks, 3)

    // TODO 4: keep the latest ones of each recipient for clients that come
    //   back (Your tasks, 4)

    // TODO 3: pass it to its recipient's open streams and answer with it
    //   (Your tasks, 3)
    throw new NotImplementedException(
      'Not implemented yet: publish a notification (Your tasks, 3)',
    );
  }

  // TODO 4: the backlog, and what a client that comes back is sent first:
  //   what it missed, or an event that tells it to start over (Your tasks, 4)

  /** Streams open right now; GET /notifications/stats shows it. */
  get subscribers(): number {
    // TODO 7: how many streams are open right now (Your tasks, 7)
    return 0;
  }

  // TODO 7: when the app closes, end every open stream (Your tasks, 7)

  /**
   * The SSE stream of one client, made when the client subscribes: its
   * notifications (after `lastEventId` first, when it sent one), heartbeats,
   * and an end when it leaves, when its token expires or when the app closes.
   */
  streamFor(auth: RequestAuth, lastEventId?: string): Observable<MessageEvent> {
    return defer(() => {
      // TODO 8: one stream more than STREAMS_PER_USER is refused with 429
      //   before anything is sent (Your tasks, 8)
      let stream: Observable<MessageEvent>;
      // TODO 3: the live notifications for this user and for everyone, as
      //   events with an id (Your tasks, 3)
      stream = new Observable<MessageEvent>();

      // TODO 4: what the client missed first, when it sent a last event id
      //   (Your tasks, 4)

      // TODO 5: a comment every HEARTBEAT_MS (Your tasks, 5)

      // TODO 6: the end at the token's expiry (Your tasks, 6)

      // TODO 7: counted while open; ended when the app closes (Your tasks, 7)

      // However the stream ends, its user has one stream fewer.
      // TODO 8: count it down (Your tasks, 8)
      return stream;
    });
  }

  // TODO 8: how many streams each person has open (Your tasks, 8)
}
