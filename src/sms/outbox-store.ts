import type { OutboxAttemptStore } from './outbox-attempt-store.ts';
import type { OutboxOperatorStore } from './outbox-operator-store.ts';
import type { OutboxQueueStore } from './outbox-queue-store.ts';
import type { OutboxReportStore } from './outbox-report-store.ts';

/**
 * The SMS outbox's stores on one database, one per role. Each user takes the roles it needs:
 * the dispatcher the queue and the attempts, delivery reports the attempts and the reports,
 * operator commands and housekeeping the operator store.
 */
export interface OutboxStores {
  readonly queue: OutboxQueueStore;
  readonly attempts: OutboxAttemptStore;
  readonly reports: OutboxReportStore;
  readonly operator: OutboxOperatorStore;
}
