/**
 * The life of a text in the outbox, in one place: which event may move a text in which status,
 * and to what. The dispatcher and the delivery reports ask this table for the next status, and
 * the store's conditional updates take their `WHERE status IN (…)` from it, so a transition the
 * table does not list cannot happen in code or in SQL.
 */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * The outbox carries texts and mails alike: one table, one life (this model), and a dispatcher
 * per channel with that channel's transports. Mails have no delivery reports: a mail the mail
 * server accepted is delivered (gateway_delivered), so the report events never apply to them.
 */
export const CHANNELS = ['sms', 'mail'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What `enqueue` writes. */
export const INITIAL_STATUS = 'queued' satisfies MessageStatus;

/**
 * The stored status of the rows written for code requests that matched nothing (equal work):
 * outside the model, as no event leads to or from it: never claimed, counted or reported on.
 */
export const DECOY_STATUS = 'decoy';

/** Every value the status column may hold (the database's CHECK constraint lists the same). */
export const STORED_STATUSES = [...MESSAGE_STATUSES, DECOY_STATUS] as const;

const allBut = (...except: MessageStatus[]): MessageStatus[] => MESSAGE_STATUSES.filter((status) => !except.includes(status));

interface Transition {
  readonly from: readonly MessageStatus[];
  readonly to: MessageStatus;
}

export const OUTBOX_TRANSITIONS = {
  // A dispatcher claims a text under a lease, counting an attempt.
  /** A queued text fell due. */
  claimed: { from: ['queued'], to: 'sending' },
  /** Its sender's lease lapsed (the sender died): another dispatcher takes it over. */
  lease_lapsed: { from: ['sending'], to: 'sending' },
  /** A gateway accepted it but sent no report within the failover time: the next transport. */
  failover_due: { from: ['sent'], to: 'sending' },

  // A claim given back without sending (the claim's attempt is not counted).
  /** The dead sender's attempt may have left: wait for the gateway's report before resending. */
  previous_attempt_in_doubt: { from: ['sending'], to: 'sent' },
  /** The gateway took the dead sender's attempt; only its last write was lost. */
  previous_attempt_accepted: { from: ['sending'], to: 'sent' },
  /** Claimed for failover, but its code can no longer be used: it went out once, that is enough. */
  failover_dropped: { from: ['sending'], to: 'sent' },
  /** Its code was used or replaced before the text left: a useless code is never sent. */
  code_used_or_replaced: { from: ['sending'], to: 'cancelled' },
  code_expired: { from: ['sending'], to: 'expired' },

  // What the gateway answered to a send. `sent` too: the attempt's report may come first.
  gateway_accepted: { from: ['sending', 'sent'], to: 'sent' },
  /** Transports that deliver on hand-over (the development inbox). */
  gateway_delivered: { from: ['sending', 'sent'], to: 'delivered' },
  /** No answer (timed out, cut off after it left): in doubt, it waits for a report like an accepted one. */
  gateway_silent: { from: ['sending', 'sent'], to: 'sent' },
  /** Failed with another try left: the next transport at once, or the first after a backoff. */
  send_failed: { from: ['sending'], to: 'queued' },
  /** Failed on the last transport for good, or out of attempts. */
  send_failed_for_good: { from: ['sending'], to: 'failed' },

  // Delivery reports (reportEvent below says which event a report is).
  /** The person has the text, whichever attempt reports it and however late: it settles anything. */
  report_delivered: { from: allBut('delivered'), to: 'delivered' },
  /** The SMSC accepted the current attempt: in flight or in doubt, it is not sent again at once. */
  report_sent: { from: ['sending', 'sent'], to: 'sent' },
  /** The current attempt failed and another transport is left: it goes there at once. */
  report_failed: { from: ['sending', 'sent'], to: 'queued' },
  report_failed_on_last: { from: ['sending', 'sent'], to: 'failed' },
  report_expired: { from: ['sending', 'sent'], to: 'expired' },
  /** Sent, failed or expired for an attempt since replaced: says nothing about the text now. */
  report_outdated: { from: [], to: 'sent' },

  // Operators (`engangskod outbox retry`).
  /** A text waiting out a backoff is made due now. */
  made_due: { from: ['queued'], to: 'queued' },
  /** A failed notice (no code) went out again as a new text; this one keeps its history. */
  resent: { from: ['failed'], to: 'failed' },
} as const satisfies Record<string, Transition>;

export type OutboxEvent = keyof typeof OUTBOX_TRANSITIONS;
export type StatusAfter<E extends OutboxEvent> = (typeof OUTBOX_TRANSITIONS)[E]['to'];

/** The status `event` moves a text in `status` to, or undefined when the table refuses it. */
export function nextStatus(status: MessageStatus, event: OutboxEvent): MessageStatus | undefined {
  const transition: Transition = OUTBOX_TRANSITIONS[event];
  return transition.from.includes(status) ? transition.to : undefined;
}

/**
 * The status `event` leads to from `status`, for callers that hold the text in a status the
 * event must apply to (a claimed text is `sending`): anything else is a bug, so it throws.
 */
export function statusAfter<E extends OutboxEvent>(status: MessageStatus, event: E): StatusAfter<E> {
  const to = nextStatus(status, event);
  if (to === undefined) throw new Error(`outbox model: ${event} cannot happen to a ${status} text`);
  return to as StatusAfter<E>;
}

/** The statuses any of `events` may move a text from, in MESSAGE_STATUSES order: a conditional update's `status IN (…)`. */
export function fromStatuses(...events: readonly OutboxEvent[]): MessageStatus[] {
  const from = new Set<MessageStatus>(events.flatMap((event) => OUTBOX_TRANSITIONS[event].from));
  return MESSAGE_STATUSES.filter((status) => from.has(status));
}

/**
 * Which event a gateway's report is. Only `delivered` counts from any attempt: the others
 * describe one attempt, so they count only for the text's current one.
 */
export function reportEvent(
  reported: 'sent' | 'delivered' | 'failed' | 'expired',
  about: { readonly currentAttempt: boolean; readonly onLastTransport: boolean },
): OutboxEvent {
  if (reported === 'delivered') return 'report_delivered';
  if (!about.currentAttempt) return 'report_outdated';
  if (reported === 'sent') return 'report_sent';
  if (reported === 'expired') return 'report_expired';
  return about.onLastTransport ? 'report_failed_on_last' : 'report_failed';
}
