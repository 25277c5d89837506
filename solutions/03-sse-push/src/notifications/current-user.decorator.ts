import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { User } from '../users/user.js';
import { AuthenticatedRequest } from './authenticated-request.js';

/** The user a guard attached to the request (BearerAuthGuard or StreamTicketGuard). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): User | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
