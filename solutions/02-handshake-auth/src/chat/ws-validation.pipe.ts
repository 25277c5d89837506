import {
  ArgumentMetadata,
  Injectable,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { PayloadShapePipe } from './payload-shape.pipe.js';

/** The message of the first rule broken: with stopAtFirstError, each property holds one. */
function firstMessage(errors: ValidationError[]): string {
  const [first] = errors;
  const message = first && Object.values(first.constraints ?? {})[0];
  return message ?? 'The payload is not valid';
}

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
      exceptionFactory: (errors: ValidationError[]) =>
        new WsException(firstMessage(errors)),
    });
  }

  // The payload's shape is checked by the provided PayloadShapePipe (payload-shape.pipe.ts).
  private readonly shape = new PayloadShapePipe();

  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    return super.transform(this.shape.transform(value), metadata);
  }
}
