import { MessageEvent } from '@nestjs/common';
import {
  map,
  mergeWith,
  MonoTypeOperatorFunction,
  Observable,
  takeWhile,
  timer,
} from 'rxjs';

const message =
  'The access token this stream was opened with has expired: log in again, get a new ticket and resume';

/**
 * Sends `event: auth-expired` and ends a stream when the access token it was
 * opened with expires (`exp`, in seconds since the epoch). The event carries
 * the id the client can resume from (`newestId()`): everything for it up to
 * that id has reached it.
 */
export function endAtTokenExpiry(
  exp: number,
  newestId: () => string,
): MonoTypeOperatorFunction<MessageEvent> {
  return (events: Observable<MessageEvent>) => {
    const expired = timer(new Date(exp * 1000)).pipe(
      map((): MessageEvent => ({
        type: 'auth-expired',
        id: newestId(),
        data: { message },
      })),
    );
    return events.pipe(
      mergeWith(expired),
      takeWhile((event) => event.type !== 'auth-expired', true),
    );
  };
}
