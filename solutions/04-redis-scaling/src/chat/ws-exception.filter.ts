import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseWsExceptionFilter, WsException } from '@nestjs/websockets';

/**
 * Nest's own filter answers a failed event with the `exception` event only, so a client
 * awaiting an acknowledgement waits forever. This one also acknowledges with `{ error }`.
 */
/** The callback a client passes when it awaits an acknowledgement. */
type Ack = (response: { error: string }) => void;

@Catch()
export class WsExceptionFilter extends BaseWsExceptionFilter {
  constructor() {
    // No `cause`: echoing the payload back would send a client its own data again (up to the
    // size limit, per failed event) and put whatever it held into every log of the exception event.
    super({ includeCause: false });
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    super.catch(exception, host);
    // A handler's arguments are the socket, the payload, then the ack callback when the client sent one.
    const ack = host.getArgByIndex<Ack | undefined>(2);
    if (typeof ack === 'function') {
      ack({ error: messageOf(exception) });
    }
  }
}

function messageOf(exception: unknown): string {
  // The same words as the exception event: anything but a WsException stays unexplained.
  return exception instanceof WsException
    ? exception.message
    : 'Internal server error';
}
