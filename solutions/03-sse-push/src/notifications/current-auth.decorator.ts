import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type {
  AuthenticatedRequest,
  RequestAuth,
} from './authenticated-request.js';

/** What a guard attached to the request: the user and their token's expiry (BearerAuthGuard, or the stream's guard). */
export const CurrentAuth = createParamDecorator(
  (_: unknown, context: ExecutionContext): RequestAuth | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().auth,
);
