import type { MessageStatus } from '../outbox-model.ts';

export interface DevInboxEntry {
  readonly to: string;
  readonly body: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly status: MessageStatus;
}

export interface DevInboxStore {
  /** Idempotent per message: a message handed over twice shows once. */
  add(entry: { messageId: string; to: string; body: string; at: number }): Promise<void>;
  /** Newest first. */
  list(filter: { to?: string; limit: number }): Promise<DevInboxEntry[]>;
}
