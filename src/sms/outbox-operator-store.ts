import type { Channel, MessageStatus } from './outbox-model.ts';

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
  readonly channel: Channel;
  /** A number for a text, an address for a mail. */
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

/** What operators and housekeeping do with the outbox: counts, lists, retries, pruning. */
export interface OutboxOperatorStore {
  /** Of one channel when given, of both otherwise; never decoys. */
  countByStatus(channel?: Channel): Promise<Record<string, number>>;
  /** Of one channel when given, of both otherwise. */
  deliveryStats(since: number, channel?: Channel): Promise<DeliveryStatsRow[]>;
  /** Messages created since `since`, newest first, at most `limit`, of one status and channel when given; never decoys. */
  list(query: { since: number; status?: MessageStatus; channel?: Channel; limit: number }): Promise<OutboxEntry[]>;
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
  /** Deletes decoy rows written before `before`. */
  pruneDecoys(before: number): Promise<number>;
  /**
   * Deletes texts no dispatcher will touch again (every status but queued and sending) whose
   * last change was before `before`, with their attempts: the outbox keeps recent history only.
   */
  pruneFinished(before: number): Promise<number>;
}
