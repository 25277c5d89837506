import { MessageEvent } from '@nestjs/common';
import { interval, map, Observable } from 'rxjs';

// Nest's SseStream writes an event with only a `comment` as `: keep-alive`
// and gives it no id, so heartbeats never move a client's Last-Event-ID.
// EventSource ignores comments; proxies see traffic and keep the connection,
// and a write to a client that vanished fails, which ends its subscription.
export const KEEP_ALIVE: MessageEvent = { comment: 'keep-alive' };

export function heartbeat(periodMs: number): Observable<MessageEvent> {
  return interval(periodMs).pipe(map(() => KEEP_ALIVE));
}
