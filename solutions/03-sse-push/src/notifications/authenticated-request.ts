import { IncomingMessage } from 'node:http';
import { User } from '../users/user.js';

/** The request as the guards leave it: `user` is set once a token or a ticket has been accepted. */
export interface AuthenticatedRequest extends IncomingMessage {
  query: Record<string, unknown>;
  user?: User;
}
