import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseWsExceptionFilter, WsException } from '@nestjs/websockets';

/**
 * Nest answers a failed event with the `exception` event only, and sends no
 * acknowledgement: a client waiting with emitWithAck and no timeout would wait
 * forever. This filter also acknowledges with `{ error: <message> }` when the
 * client asked for an acknowledgement. It never echoes the client's payload
 * back (`cause`): a payload can hold a token or a password, and an error
 * message is a bad place to repeat it.
 */
@Catch()
export class WsExceptionFilter extends BaseWsExceptionFilter {
  constructor() {
    super({ includeCause: false });
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    super.catch(exception, host);
    const ack: unknown = host.getArgByIndex(2);
    if (typeof ack === 'function') ack({ error: messageOf(exception) });
  }
}

function messageOf(exception: unknown): string {
  if (!(exception instanceof WsException)) return 'Internal server error';
  const error = exception.getError();
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : 'Error';
}
