import type { Locale } from '../i18n/locale.ts';
import type { AttemptEnd } from './outbox-attempt-store.ts';
import type { Channel, MessageStatus } from './outbox-model.ts';

export interface NewMessage {
  /** 'sms' when not given. */
  readonly channel?: Channel;
  /** An E.164 number for a text, an address for a mail. */
  readonly to: string;
  /** A mail's subject; texts have none. */
  readonly subject?: string | null;
  /** The text of the message (plain text for mails too). */
  readonly body: string;
  readonly locale: Locale;
  readonly purpose: string;
  readonly codeId: string | null;
}

export interface OutboxMessage extends NewMessage {
  readonly id: string;
  readonly channel: Channel;
  readonly subject: string | null;
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

/**
 * With `finishes`, the end of the attempt `attempt` is written to the attempt log in the same
 * store call as the message's change (one statement on PostgreSQL, one transaction on SQLite's
 * group commit), so a dispatcher records a gateway's answer in one round trip. The attempt's end
 * is written whether or not the message's change still applies, as a report may have come first.
 */
interface Finishing {
  readonly finishes?: AttemptEnd;
}
type ForAttempt = { readonly attempt?: number; readonly finishes?: undefined } | { readonly attempt: number; readonly finishes?: AttemptEnd };

/**
 * The queue: texts wait here until a dispatcher claims them under a lease, and leave it when a
 * gateway took them or they are given up. Each change applies only while the text is in a
 * status the outbox model lets that change start from, and (with `attempt`) only for the
 * claim that made the attempt, so an outdated sender cannot undo what happened since.
 */
export interface OutboxQueueStore {
  enqueue(message: NewMessage, at: number): Promise<string>;
  /**
   * Writes what `enqueue` writes, as a row no dispatcher claims and no count includes: the
   * equal work behind a code request that matched nothing (see TextQueue.enqueueDecoy).
   */
  enqueueDecoy(message: NewMessage, at: number): Promise<void>;
  /**
   * Atomically takes up to `limit` due messages of one channel and leases them until `now + leaseMs`,
   * counting an attempt: queued ones that are due, sending ones whose lease lapsed (their
   * sender died), and sent ones whose failover time passed without a delivery report.
   */
  claimDue(channel: Channel, now: number, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /** When the next queued message of `channel` falls due, if any. */
  nextDueAt(channel: Channel): Promise<number | undefined>;
  /**
   * The gateway took the message: only if `attempt` is still the message's current one and no
   * final report has settled it meanwhile; answers whether it changed anything.
   * `failoverAt` keeps it claimable then, for the next transport, unless a report arrives first.
   */
  markHandedOver(
    id: string,
    update: { status: 'sent' | 'delivered'; transport: string; at: number; body: string; attempt: number; transportIndex?: number; failoverAt?: number | null } & Finishing,
  ): Promise<boolean>;
  markRetry(id: string, update: { nextAttemptAt: number; error: string; at: number; transportIndex?: number } & ForAttempt): Promise<boolean>;
  markFinal(id: string, update: { status: 'failed' | 'expired' | 'cancelled'; error: string; at: number; body: string } & ForAttempt): Promise<boolean>;
  /**
   * Gives a claimed message back as sent without sending it: its previous attempt is in doubt
   * (`failoverAt` says when to send again if no report clears the doubt), or its code can no
   * longer be used so the failover is dropped (`failoverAt` null). The claim is not counted.
   */
  returnToSent(id: string, update: { attempt: number; transport: string; at: number; failoverAt: number | null; body: string }): Promise<boolean>;
}
