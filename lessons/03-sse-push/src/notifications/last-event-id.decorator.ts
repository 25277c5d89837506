import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './authenticated-request.js';

// TODO 9: what counts as an id a client can come back with (Your tasks, 9)

/**
 * The id of the last event the client saw: the `Last-Event-ID` header, else
 * the `lastEventId` query parameter; undefined when neither holds an id.
 */
export const LastEventId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    // TODO 9: the header first, the query parameter otherwise; anything that is
    //   not an id of the form <run>-<n> counts as absent (Your tasks, 9)
    return undefined;
  },
);
