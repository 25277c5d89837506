import { MessageEvent } from '@nestjs/common';
import {
  interval,
  map,
  merge,
  MonoTypeOperatorFunction,
  Observable,
} from 'rxjs';

// Nest writes an event with only a `comment` as `: keep-alive` and no id, so a
// heartbeat never moves a client's Last-Event-ID; EventSource ignores it.
const KEEP_ALIVE: MessageEvent = { comment: 'keep-alive' };

/** Adds a `: keep-alive` comment every `periodMs` to a stream, for as long as it is subscribed. */
export function withHeartbeat(
  periodMs: number,
): MonoTypeOperatorFunction<MessageEvent> {
  return (events: Observable<MessageEvent>) =>
    merge(events, interval(periodMs).pipe(map(() => KEEP_ALIVE)));
}
