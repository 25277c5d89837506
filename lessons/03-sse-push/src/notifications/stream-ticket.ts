export interface StreamTicket {
  ticket: string;
  /** Seconds until the ticket can no longer open a stream. */
  expiresIn: number;
}
