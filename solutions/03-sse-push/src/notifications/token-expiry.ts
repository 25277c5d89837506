import { MessageEvent } from '@nestjs/common';
import { map, mergeWith, MonoTypeOperatorFunction, Observable, takeWhile, timer } from 'rxjs';

const message = 'The access token this stream was opened with has expired: log in again, get a new ticket and resume';

/**
 * Sends `event: auth-expired` and ends a stream when the access token it was
 * opened with expires (`exp`, in seconds since the epoch). The event carries
 * the newest id given out (`newestId()`): everything up to it has reached the
 * client, so it can resume from there.
 */
export function endAtTokenExpiry(exp: number, newestId: () => number): MonoTypeOperatorFunction<MessageEvent> {
  return (events: Observable<MessageEvent>) => {
    const expired = timer(new Date(exp * 1000)).pipe(
      map((): MessageEvent => ({ type: 'auth-expired', id: String(newestId()), data: { message } })),
    );
    return events.pipe(
      mergeWith(expired),
      takeWhile((event) => event.type !== 'auth-expired', true),
    );
  };
}
