import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Locale } from '../../i18n/locale.ts';
import { DECOY_STATUS, OUTBOX_TRANSITIONS, fromStatuses, type MessageStatus } from '../../sms/outbox-model.ts';
import type { DeliveryStatsRow, OutboxEntry, OutboxOperatorStore } from '../../sms/outbox-operator-store.ts';
import type { Database } from '../database.ts';
import { insertNew } from './outbox-queue-store.ts';
import { changed } from './outbox-rows.ts';

type Row = Database['sms_outbox'];

const toEntry = (
  row: Pick<Row, 'id' | 'to_e164' | 'purpose' | 'code_id' | 'status' | 'transport' | 'created_at' | 'updated_at' | 'next_attempt_at' | 'last_error' | 'resent_as'> & {
    attempts: number;
  },
): OutboxEntry => ({
  id: row.id,
  to: row.to_e164,
  purpose: row.purpose,
  codeId: row.code_id,
  status: row.status as MessageStatus,
  attempts: Number(row.attempts),
  transport: row.transport,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  nextAttemptAt: Number(row.next_attempt_at),
  // Operators follow a failed text to its copy in its last error (`outbox list`).
  lastError: row.resent_as === null ? row.last_error : `${row.last_error ?? 'failed'}; sent again as ${row.resent_as}`,
});
const ENTRY_COLUMNS = ['id', 'to_e164', 'purpose', 'code_id', 'status', 'attempts', 'transport', 'created_at', 'updated_at', 'next_attempt_at', 'last_error', 'resent_as'] as const;

/** Nearest-rank percentile of ascending `sorted`. */
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** Rows written for code requests that matched nothing: never counted or listed. */
const DECOY = DECOY_STATUS;
const MADE_DUE = OUTBOX_TRANSITIONS.made_due;
const RESENT = OUTBOX_TRANSITIONS.resent;
/** Texts not yet handed to any gateway (due, or claimed): housekeeping never removes them. */
const UNSENT = fromStatuses('claimed', 'lease_lapsed');

/** What operators and housekeeping do with the outbox, on SQL. */
export function kyselyOutboxOperatorStore(db: Kysely<Database>): OutboxOperatorStore {
  return {
    async countByStatus() {
      const rows = await db
        .selectFrom('sms_outbox')
        .select(['status', (eb) => eb.fn.countAll().as('count')])
        .where('status', '!=', DECOY)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
    },
    async deliveryStats(since) {
      const latency = sql<number>`coalesce(reported_at, sent_at, updated_at) - created_at`;
      const groups = await db
        .selectFrom('sms_outbox')
        .select(['transport', 'status', (eb) => eb.fn.countAll().as('count')])
        .where('created_at', '>=', since)
        .where('status', '!=', DECOY)
        .groupBy(['transport', 'status'])
        .execute();
      // Sorted here: SQLite and PostgreSQL put NULLs at opposite ends.
      groups.sort((a, b) => (a.transport ?? '').localeCompare(b.transport ?? '') || a.status.localeCompare(b.status));
      const out: DeliveryStatsRow[] = [];
      for (const group of groups) {
        const status = group.status as MessageStatus;
        // Latency means something once a message left: queued and cancelled ones have none.
        let latencyMs: DeliveryStatsRow['latencyMs'] = null;
        if (!['queued', 'sending', 'cancelled'].includes(status)) {
          let query = db
            .selectFrom('sms_outbox')
            .select(latency.as('ms'))
            .where('created_at', '>=', since)
            .where('status', '=', status)
            .orderBy(latency);
          query = group.transport === null ? query.where('transport', 'is', null) : query.where('transport', '=', group.transport);
          const sorted = (await query.execute()).map((r) => Number(r.ms));
          if (sorted.length > 0) {
            latencyMs = {
              avg: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
              p50: percentile(sorted, 50),
              p95: percentile(sorted, 95),
              max: sorted[sorted.length - 1] ?? 0,
            };
          }
        }
        out.push({ transport: group.transport, status, count: Number(group.count), latencyMs });
      }
      return out;
    },
    async list({ since, status, limit }) {
      let query = db.selectFrom('sms_outbox').select(ENTRY_COLUMNS).where('created_at', '>=', since).where('status', '!=', DECOY);
      if (status !== undefined) query = query.where('status', '=', status);
      // The id breaks ties in a millisecond, so the order is the same on both databases.
      return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toEntry);
    },
    async find(id) {
      const row = await db.selectFrom('sms_outbox').select(ENTRY_COLUMNS).where('id', '=', id).where('status', '!=', DECOY).executeTakeFirst();
      return row && toEntry(row);
    },
    async dueNow(now, ids) {
      if (ids?.length === 0) return [];
      let query = db.updateTable('sms_outbox').set({ next_attempt_at: now, status: MADE_DUE.to }).where('status', 'in', MADE_DUE.from).where('next_attempt_at', '>', now);
      if (ids) query = query.where('id', 'in', ids);
      return (await query.returning('id').execute()).map((row) => row.id);
    },
    async sendAgain(id, at) {
      const failed = await db
        .selectFrom('sms_outbox')
        .select(['to_e164', 'body', 'locale', 'purpose'])
        .where('id', '=', id)
        .where('status', 'in', RESENT.from)
        .where('code_id', 'is', null)
        .where('resent_as', 'is', null)
        .executeTakeFirst();
      if (!failed) return undefined;
      const again = newId();
      // Only if no one linked a copy meanwhile: of two operators retrying at once, one sends it.
      const linked = await db
        .updateTable('sms_outbox')
        .set({ resent_as: again, status: RESENT.to })
        .where('id', '=', id)
        .where('status', 'in', RESENT.from)
        .where('resent_as', 'is', null)
        .executeTakeFirst();
      if (!changed(linked)) return undefined;
      await insertNew(db, again, { to: failed.to_e164, body: failed.body, locale: failed.locale as Locale, purpose: failed.purpose, codeId: null }, at);
      return again;
    },
    async pruneDecoys(before) {
      const result = await db.deleteFrom('sms_outbox').where('status', '=', DECOY).where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async pruneFinished(before) {
      const old = (eb: ExpressionBuilder<Database, 'sms_outbox'>) =>
        eb.and([eb('status', 'not in', [...UNSENT, DECOY]), eb('updated_at', '<', before)]);
      await db
        .deleteFrom('sms_attempts')
        .where('message_id', 'in', (eb) => eb.selectFrom('sms_outbox').select('id').where(old))
        .execute();
      const result = await db.deleteFrom('sms_outbox').where(old).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
