import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import { redactCodes } from './message-texts.ts';
import { nextStatus, reportEvent } from './outbox-model.ts';
import type { DeliveryChange, DeliveryState } from './outbox-report-store.ts';
import type { OutboxStores } from './outbox-store.ts';
import type { DeliveryReport } from './transport.ts';

export type ReportVerdict = 'applied' | 'unchanged' | 'unknown';

/**
 * Turns gateways' delivery reports into message statuses, by the outbox model's table
 * (outbox-model.ts). Reports come late, twice, out of order and for attempts that were since
 * replaced, so the rules only ever move forward:
 *
 * - `delivered` from any attempt settles the message: the person has the text.
 * - `sent` (accepted by the SMSC) settles an attempt still in flight or in doubt, so it is
 *   not sent again, and keeps its failover time.
 * - `failed` / `expired` count only for the message's current attempt: the text moves on to
 *   the next transport at once when there is one, and is final otherwise.
 *
 * The same report twice changes nothing the second time, so report endpoints are idempotent.
 */
export class DeliveryReports {
  constructor(
    private readonly deps: {
      outbox: Pick<OutboxStores, 'attempts' | 'reports'>;
      clock: Clock;
      logger: Logger;
      /** Names of the configured transports, in failover order. */
      transports: readonly string[];
      failoverMs: number;
      /** Told when a report sent a text on to the next transport. */
      onRequeued?: () => void;
    },
  ) {}

  async record(report: DeliveryReport): Promise<ReportVerdict> {
    const { outbox, clock, logger } = this.deps;
    const attempt =
      'gatewayId' in report ? await outbox.attempts.findAttemptByGatewayId(report.transport, report.gatewayId) : await outbox.attempts.findAttempt(report.messageId, report.attempt);
    if (!attempt || attempt.transport !== report.transport) {
      logger.warn({ report }, 'delivery report for no attempt we know of');
      return 'unknown';
    }
    const at = clock.now();
    await outbox.attempts.recordAttemptReport(attempt.messageId, attempt.attempt, report.status, at);

    // Optimistic: read, decide, change only if nothing moved meanwhile; else decide again.
    for (let tries = 0; tries < 5; tries++) {
      const state = await outbox.reports.deliveryState(attempt.messageId);
      if (!state) return 'unknown';
      const change = this.#decide(state, attempt.attempt, report, at);
      if (!change) return 'unchanged';
      if (await outbox.reports.changeIfUnchanged(state.id, { status: state.status, attempts: state.attempts }, change)) {
        logger.info({ messageId: state.id, attempt: attempt.attempt, transport: report.transport, report: report.status, status: change.status }, 'delivery report');
        if (change.status === 'queued') this.deps.onRequeued?.();
        return 'applied';
      }
    }
    throw new Error(`delivery report for ${attempt.messageId} kept racing other updates`);
  }

  /** The model says whether the report moves the text and where; this says what else changes with it. */
  #decide(state: DeliveryState, attempt: number, report: DeliveryReport, at: number): DeliveryChange | undefined {
    const onLastTransport = state.transportIndex >= this.deps.transports.length - 1;
    const event = reportEvent(report.status, { currentAttempt: attempt === state.attempts, onLastTransport });
    const status = nextStatus(state.status, event);
    if (status === undefined) return undefined;
    const error = `${report.transport}: ${report.status}${report.detail ? ` (${report.detail})` : ''}`;
    switch (event) {
      case 'report_delivered':
        return { status, at, reportedAt: at, transport: report.transport, failoverAt: null, body: redactCodes(state.body), error: null };
      case 'report_sent':
        // Accepted is not delivered: a text already sent keeps its failover time while a next
        // transport could still take it; on the last one the report clears its doubt.
        if (onLastTransport) return { status, at, transport: report.transport, failoverAt: null, body: redactCodes(state.body) };
        return state.status === 'sent' ? undefined : { status, at, transport: report.transport, failoverAt: at + this.deps.failoverMs };
      case 'report_failed':
        return { status, at, transportIndex: state.transportIndex + 1, nextAttemptAt: at, failoverAt: null, error };
      default:
        return { status, at, reportedAt: at, failoverAt: null, body: redactCodes(state.body), error };
    }
  }
}
