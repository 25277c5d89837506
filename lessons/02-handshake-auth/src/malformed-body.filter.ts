import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';

/**
 * A request body the parser refused is answered with fixed words. The
 * parser's own quote what the client sent ("Unexpected token … in JSON at
 * position …", 'unsupported charset "…"'), and an error must describe input,
 * never repeat it. Every other exception goes on to Nest's own filter.
 */
@Catch(HttpException)
export class MalformedBodyFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): void {
    // body-parser's errors carry a `type` ('entity.parse.failed', …); Nest
    // turns them into HttpExceptions with the original as `cause`.
    const type = (exception.cause as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string') return super.catch(exception, host);
    const status = exception.getStatus();
    const message =
      type === 'entity.parse.failed'
        ? 'The body is not valid JSON'
        : (STATUS_CODES[status] ?? 'Bad Request');
    super.catch(new HttpException(message, status), host);
  }
}
