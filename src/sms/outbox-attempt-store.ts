/** What a gateway's delivery report can say about one attempt. */
export const REPORTED_STATUSES = ['sent', 'delivered', 'failed', 'expired'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

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

/** How an attempt ended: what the gateway answered (or that it did not). */
export interface AttemptEnd {
  readonly outcome: AttemptOutcome;
  readonly error: string | null;
  readonly gatewayId: string | null;
}

/**
 * The attempt log: every try at a gateway, written before the text leaves, with what the
 * gateway answered and reported.
 */
export interface OutboxAttemptStore {
  /**
   * Written before the texts go to the gateway, so a sender that dies leaves its attempts in
   * doubt. A dispatcher starts a whole batch's attempts in one statement; an attempt started
   * again keeps its first record.
   */
  startAttempts(attempts: readonly { messageId: string; attempt: number; transport: string; at: number }[]): Promise<void>;
  finishAttempt(attempt: { messageId: string; attempt: number; outcome: AttemptOutcome; error: string | null; gatewayId: string | null; at: number }): Promise<void>;
  findAttempt(messageId: string, attempt: number): Promise<AttemptRecord | undefined>;
  /** The attempt a gateway knows by its own id (SMPP receipts carry only that). */
  findAttemptByGatewayId(transport: string, gatewayId: string): Promise<AttemptRecord | undefined>;
  /** Oldest first. */
  listAttempts(messageId: string): Promise<AttemptRecord[]>;
  /** Notes a report on its attempt; a report never replaces a final one (delivered, failed, expired). */
  recordAttemptReport(messageId: string, attempt: number, status: ReportedStatus, at: number): Promise<void>;
}
