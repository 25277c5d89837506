/** The `data` of one `notification` event, as a client receives it. */
export interface Notification {
  id: number;
  title: string;
  body: string;
  from: string;
  at: string;
}

/** A notification as the server keeps it: the payload, and who may receive it. */
export interface AddressedNotification {
  notification: Notification;
  /** The recipient's user id, or null for everyone. */
  recipientId: string | null;
}
