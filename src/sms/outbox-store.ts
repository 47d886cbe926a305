import type { Locale } from '../i18n/locale.ts';
import type { MessageStatus } from './outbox-model.ts';

/** What a gateway's delivery report can say about one attempt. */
export const REPORTED_STATUSES = ['sent', 'delivered', 'failed', 'expired'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

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
  /** Which transport of the configured list the message is on (0 for the first). */
  readonly transportIndex: number;
  /**
   * The status the message was claimed from: `queued` (due), `sending` (its sender's lease
   * lapsed) or `sent` (no delivery report within the failover time). Null when not claimed.
   */
  readonly claimedFrom: 'queued' | 'sending' | 'sent' | null;
}

/** One try at handing a message to one transport. */
export interface AttemptRecord {
  readonly messageId: string;
  readonly attempt: number;
  readonly transport: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** Null while the gateway has not answered (or the sender died waiting: the attempt is in doubt). */
  readonly outcome: AttemptOutcome | null;
  readonly error: string | null;
  readonly gatewayId: string | null;
  readonly reportStatus: ReportedStatus | null;
  readonly reportedAt: number | null;
}

/** `unknown`: the sender stopped before the gateway answered, so whether it got the text is not known. */
export const ATTEMPT_OUTCOMES = ['sent', 'delivered', 'retry', 'failed', 'unknown'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

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

/** Counts and latency (queued → latest status) of messages created since a moment. */
export interface DeliveryStatsRow {
  readonly transport: string | null;
  readonly status: MessageStatus;
  readonly count: number;
  readonly latencyMs: { readonly avg: number; readonly p50: number; readonly p95: number; readonly max: number } | null;
}

/** One text as operators see it: never its body, which holds a code until the text is settled. */
export interface OutboxEntry {
  readonly id: string;
  readonly to: string;
  readonly purpose: string;
  /** Null for texts that carry no code (notices). */
  readonly codeId: string | null;
  readonly status: MessageStatus;
  readonly attempts: number;
  readonly transport: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When a queued text is next tried. */
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
}

export interface OutboxStore {
  enqueue(message: NewMessage, at: number): Promise<string>;
  /**
   * Writes what `enqueue` writes, as a row no dispatcher claims and no count includes: the
   * equal work behind a code request that matched nothing (see TextQueue.enqueueDecoy).
   */
  enqueueDecoy(message: NewMessage, at: number): Promise<void>;
  /** Deletes decoy rows written before `before`. */
  pruneDecoys(before: number): Promise<number>;
  /**
   * Deletes texts no dispatcher will touch again (every status but queued and sending) whose
   * last change was before `before`, with their attempts: the outbox keeps recent history only.
   */
  pruneFinished(before: number): Promise<number>;
  /**
   * Atomically takes up to `limit` due messages and leases them until `now + leaseMs`,
   * counting an attempt: queued ones that are due, sending ones whose lease lapsed (their
   * sender died), and sent ones whose failover time passed without a delivery report.
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /** When the next queued message falls due, if any. */
  nextDueAt(): Promise<number | undefined>;
  /**
   * The gateway took the message: only if `attempt` is still the message's current one and no
   * final report has settled it meanwhile; answers whether it changed anything.
   * `failoverAt` keeps it claimable then, for the next transport, unless a report arrives first.
   */
  markHandedOver(
    id: string,
    update: { status: 'sent' | 'delivered'; transport: string; at: number; body: string; attempt: number; transportIndex?: number; failoverAt?: number | null },
  ): Promise<boolean>;
  markRetry(id: string, update: { nextAttemptAt: number; error: string; at: number; attempt?: number; transportIndex?: number }): Promise<boolean>;
  markFinal(id: string, update: { status: 'failed' | 'expired' | 'cancelled'; error: string; at: number; body: string; attempt?: number }): Promise<boolean>;
  /**
   * Gives a claimed message back as sent without sending it: its previous attempt is in doubt
   * (`failoverAt` says when to send again if no report clears the doubt), or its code can no
   * longer be used so the failover is dropped (`failoverAt` null). The claim is not counted.
   */
  returnToSent(id: string, update: { attempt: number; transport: string; at: number; failoverAt: number | null; body: string }): Promise<boolean>;
  countByStatus(): Promise<Record<string, number>>;

  /** Written before the text goes to the gateway, so a sender that dies leaves the attempt in doubt. */
  startAttempt(attempt: { messageId: string; attempt: number; transport: string; at: number }): Promise<void>;
  finishAttempt(attempt: { messageId: string; attempt: number; outcome: AttemptOutcome; error: string | null; gatewayId: string | null; at: number }): Promise<void>;
  findAttempt(messageId: string, attempt: number): Promise<AttemptRecord | undefined>;
  /** The attempt a gateway knows by its own id (SMPP receipts carry only that). */
  findAttemptByGatewayId(transport: string, gatewayId: string): Promise<AttemptRecord | undefined>;
  /** Oldest first. */
  listAttempts(messageId: string): Promise<AttemptRecord[]>;
  /** Notes a report on its attempt; a report never replaces a final one (delivered, failed, expired). */
  recordAttemptReport(messageId: string, attempt: number, status: ReportedStatus, at: number): Promise<void>;

  deliveryState(id: string): Promise<DeliveryState | undefined>;
  /** Applies `change` only if the message still has `expected` status and attempts; answers whether it did. */
  changeIfUnchanged(id: string, expected: { status: MessageStatus; attempts: number }, change: DeliveryChange): Promise<boolean>;
  deliveryStats(since: number): Promise<DeliveryStatsRow[]>;

  /** Texts created since `since`, newest first, at most `limit`, of one status when given; never decoys. */
  list(query: { since: number; status?: MessageStatus; limit: number }): Promise<OutboxEntry[]>;
  find(id: string): Promise<OutboxEntry | undefined>;
  /**
   * Queued texts waiting for a later try fall due at `now`: those of `ids`, or every one when
   * no ids are given. Answers the ids it moved.
   */
  dueNow(now: number, ids?: readonly string[]): Promise<string[]>;
  /**
   * A failed text that carries no code goes out again as a new text, queued at `at`; the failed
   * one keeps its attempts and links the new text (`resent_as`, shown in its last error), so it
   * is sent again only once. Answers the new text's id, or undefined when `id` is not such a text. Two
   * statements: run it in a transaction.
   */
  sendAgain(id: string, at: number): Promise<string | undefined>;
}
