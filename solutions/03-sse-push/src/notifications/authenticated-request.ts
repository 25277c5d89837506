import { IncomingMessage } from 'node:http';
import { User } from '../users/user.js';

/** Who a request speaks for, once a guard accepted its access token or its stream ticket. */
export interface RequestAuth {
  user: User;
  /** When the access token behind the request expires: its `exp` claim, in seconds since the epoch. */
  tokenExp: number;
}

/** The request as the guards leave it: `auth` is set once a token or a ticket has been accepted. */
export interface AuthenticatedRequest extends IncomingMessage {
  query: Record<string, unknown>;
  auth?: RequestAuth;
}
