import type { MessageStatus } from './outbox-model.ts';

/** The part of a message a delivery report is judged against. */
export interface DeliveryState {
  readonly id: string;
  readonly status: MessageStatus;
  readonly attempts: number;
  readonly transportIndex: number;
  readonly body: string;
}

/** A change to a message, applied only if it is still in the state it was read in. */
export interface DeliveryChange {
  readonly status: MessageStatus;
  readonly at: number;
  readonly transport?: string;
  readonly transportIndex?: number;
  readonly nextAttemptAt?: number;
  readonly failoverAt?: number | null;
  readonly reportedAt?: number;
  readonly body?: string;
  readonly error?: string | null;
}

/** What delivery reports read and change: a text's state, changed only if no one changed it meanwhile. */
export interface OutboxReportStore {
  deliveryState(id: string): Promise<DeliveryState | undefined>;
  /** Applies `change` only if the message still has `expected` status and attempts; answers whether it did. */
  changeIfUnchanged(id: string, expected: { status: MessageStatus; attempts: number }, change: DeliveryChange): Promise<boolean>;
}
