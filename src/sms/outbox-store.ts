import type { Locale } from '../i18n/locale.ts';

/**
 * queued → sending → sent (accepted by a gateway) → delivered / failed / expired;
 * cancelled when the code it carries was used, replaced or removed before it left.
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'expired' | 'cancelled';

export interface NewMessage {
  readonly to: string;
  readonly body: string;
  readonly locale: Locale;
  readonly purpose: string;
  readonly codeId: string | null;
}

export interface OutboxMessage extends NewMessage {
  readonly id: string;
  readonly status: MessageStatus;
  /** Attempts started so far, this one included once claimed. */
  readonly attempts: number;
  readonly createdAt: number;
}

export interface OutboxStore {
  enqueue(message: NewMessage, at: number): Promise<string>;
  /**
   * Atomically takes up to `limit` due messages (queued, or sending with a lapsed lease
   * because their sender died) and leases them until `now + leaseMs`.
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /** When the next queued message falls due, if any. */
  nextDueAt(): Promise<number | undefined>;
  markHandedOver(id: string, update: { status: 'sent' | 'delivered'; transport: string; at: number; body: string }): Promise<void>;
  markRetry(id: string, update: { nextAttemptAt: number; error: string; at: number }): Promise<void>;
  markFinal(id: string, update: { status: 'failed' | 'expired' | 'cancelled'; error: string; at: number; body: string }): Promise<void>;
  countByStatus(): Promise<Record<string, number>>;
}
