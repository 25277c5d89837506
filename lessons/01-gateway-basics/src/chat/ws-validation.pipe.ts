import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';

/**
 * ValidationPipe throws HTTP exceptions, which a gateway reports as
 * "Internal server error". This one throws WsException, so the client's
 * `exception` event says what was wrong with its payload.
 */
@Injectable()
export class WsValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      stopAtFirstError: true,
      // TODO 6: without an exceptionFactory, ValidationPipe throws an HTTP exception,
      //   which the gateway reports as 'Internal server error'. Throw a WsException
      //   with the first validation message instead (see firstMessage below).
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // TODO 6: refuse a payload that is not a plain object (a string, null, an array)
    //   with a WsException that says what arrived (see describe below).
    return super.transform(value, metadata);
  }
}

function firstMessage(errors: ValidationError[]): string {
  const [first] = errors;
  const message = first && Object.values(first.constraints ?? {})[0];
  return message ?? 'The payload is not valid';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
