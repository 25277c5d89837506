/** The `data` of one `notification` event; `POST /notifications` answers with its id. */
export interface Notification {
  /** `<run>-<n>`: the run of the app that gave it out (8 hex digits), and its number in that run (1, 2, 3 …). */
  id: string;
  title: string;
  body: string;
  /** The sender's name. */
  from: string;
  /** When it was published, as an ISO 8601 string. */
  at: string;
}

/** What a sender writes; the server adds the id, the sender and the time. */
export interface NotificationContent {
  title: string;
  body: string;
}

/** A notification as the server keeps it: the payload, and who may receive it. */
export interface AddressedNotification {
  notification: Notification;
  /** The recipient's user id, or null for everyone. */
  recipientId: string | null;
  /** The `<n>` of its id: its number in this run. */
  sequence: number;
}
