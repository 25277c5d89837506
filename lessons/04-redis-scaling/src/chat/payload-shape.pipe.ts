import { Injectable, PipeTransform } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';

/**
 * Deeper than any DTO here. class-transformer walks every level, even of the
 * fields the whitelist drops, and a few thousand levels overflow its stack.
 */
const MAX_NESTING = 8;

/**
 * Lets through a payload that is an object nested at most MAX_NESTING levels
 * deep. Anything else is refused with a WsException that describes it by type
 * and size, never by its value, which the client already has and may be secret.
 */
@Injectable()
export class PayloadShapePipe implements PipeTransform<unknown, object> {
  transform(value: unknown): object {
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
    return value;
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

/** What arrived, by type and size. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'string')
    return `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}
