import {
  ArgumentMetadata,
  Injectable,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { WsException } from '@nestjs/websockets';

/**
 * Deeper than any DTO here. class-transformer walks every level, even of the
 * fields the whitelist drops, and a few thousand levels overflow its stack.
 */
const MAX_NESTING = 8;

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

  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    // ValidationPipe would turn a string or an array into a DTO with no fields and report the fields.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new WsException(
        `The payload must be an object, got ${describe(value)}`,
      );
    }
    if (nestedDeeperThan(value, MAX_NESTING)) {
      throw new WsException(
        `The payload is nested more than ${MAX_NESTING} levels deep`,
      );
    }
    return super.transform(value, metadata);
  }
}

/** Whether objects or arrays lie more than `levels` deep in `value`; looks no deeper than that. */
function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  return Object.values(value).some((child) =>
    nestedDeeperThan(child, levels - 1),
  );
}

function firstMessage(errors: ValidationError[]): string {
  const [first] = errors;
  const message = first && Object.values(first.constraints ?? {})[0];
  return message ?? 'The payload is not valid';
}

/** What arrived, by type and size: never its value, which the client already has and may be secret. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'string')
    return `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}
