import type { Kysely, Updateable } from 'kysely';
import type { MessageStatus } from '../../sms/outbox-model.ts';
import type { OutboxReportStore } from '../../sms/outbox-report-store.ts';
import type { Database } from '../database.ts';
import { changed } from './outbox-rows.ts';

type Row = Database['sms_outbox'];

/**
 * What delivery reports read and change, on SQL. A change is optimistic: it applies only while
 * the text still has the status and attempt it was read with (DeliveryReports decides again
 * when it lost a race), so the model's table is checked against the state the change starts from.
 */
export function kyselyOutboxReportStore(db: Kysely<Database>): OutboxReportStore {
  return {
    async deliveryState(id) {
      const row = await db
        .selectFrom('sms_outbox')
        .select(['id', 'status', 'attempts', 'transport_index', 'body'])
        .where('id', '=', id)
        .executeTakeFirst();
      return (
        row && {
          id: row.id,
          status: row.status as MessageStatus,
          attempts: Number(row.attempts),
          transportIndex: Number(row.transport_index),
          body: row.body,
        }
      );
    },
    async changeIfUnchanged(id, expected, change) {
      const set: Updateable<Row> = { status: change.status, updated_at: change.at, lease_until: null };
      if (change.transport !== undefined) set.transport = change.transport;
      if (change.transportIndex !== undefined) set.transport_index = change.transportIndex;
      if (change.nextAttemptAt !== undefined) set.next_attempt_at = change.nextAttemptAt;
      if (change.failoverAt !== undefined) set.failover_at = change.failoverAt;
      if (change.reportedAt !== undefined) set.reported_at = change.reportedAt;
      if (change.body !== undefined) set.body = change.body;
      if (change.error !== undefined) set.last_error = change.error;
      const result = await db
        .updateTable('sms_outbox')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', expected.status)
        .where('attempts', '=', expected.attempts)
        .executeTakeFirst();
      return changed(result);
    },
  };
}
