/** One mail in the development inbox, as /dev/mail.json lists it. */
export interface DevMailEntry {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

/** Where the dev mail transport puts mails instead of sending them (development only). */
export interface DevMailInboxStore {
  /** Idempotent per message: a mail handed over twice shows once. */
  add(entry: { messageId: string; to: string; subject: string; text: string; at: number }): Promise<void>;
  /** Newest first; of one address when `to` is given. */
  list(filter: { to?: string; limit: number }): Promise<DevMailEntry[]>;
  /** Deletes mails handed over before `before`. */
  prune(before: number): Promise<number>;
}
