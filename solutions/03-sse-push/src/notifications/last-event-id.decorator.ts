import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request.js';

// `<run>-<n>`, as NotificationsService gives ids out: 8 hex digits, then a
// whole number of up to 15 digits, so it stays exact as a JavaScript number.
const EVENT_ID = /^[0-9a-f]{8}-\d{1,15}$/;

function parse(value: unknown): string | undefined {
  return typeof value === 'string' && EVENT_ID.test(value) ? value : undefined;
}

/**
 * The id of the last event the client saw: the `Last-Event-ID` header, else
 * the `lastEventId` query parameter; undefined when neither holds an id.
 */
export const LastEventId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // A browser that reconnects on its own sends the header; one that opens a
    // new EventSource with a fresh ticket can only use the query string.
    return (
      parse(request.headers['last-event-id']) ??
      parse(request.query.lastEventId)
    );
  },
);
