import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Locale } from '../../i18n/locale.ts';
import { DECOY_STATUS, OUTBOX_TRANSITIONS, fromStatuses, type Channel, type MessageStatus } from '../../sms/outbox-model.ts';
import type { OutboxEntry, OutboxOperatorStore } from '../../sms/outbox-operator-store.ts';
import type { Database } from '../database.ts';
import { insertNew } from './outbox-queue-store.ts';
import { changed } from './outbox-rows.ts';

type Row = Database['sms_outbox'];

const toEntry = (
  row: Pick<Row, 'id' | 'recipient' | 'purpose' | 'code_id' | 'status' | 'transport' | 'created_at' | 'updated_at' | 'next_attempt_at' | 'last_error' | 'resent_as'> & {
    attempts: number;
    channel: string;
  },
): OutboxEntry => ({
  id: row.id,
  channel: row.channel as Channel,
  to: row.recipient,
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
const ENTRY_COLUMNS = ['id', 'channel', 'recipient', 'purpose', 'code_id', 'status', 'attempts', 'transport', 'created_at', 'updated_at', 'next_attempt_at', 'last_error', 'resent_as'] as const;

/** Texts in these statuses never left, so they have no delivery latency. */
const NEVER_LEFT: readonly MessageStatus[] = ['queued', 'sending', 'cancelled'];

/**
 * Counts per transport and status with the latency (queued → latest status) of each group, in
 * one statement on both databases. SQLite has no percentile function, so the percentiles are
 * nearest-rank over a window: each text's rank in its group by latency (ROW_NUMBER) and the
 * group's size (COUNT) give the row at rank ⌈p·n⌉, written (p·n + 99) / 100 in integers.
 */
const deliveryStatsQuery = (since: number, channel: Channel | undefined) => {
  const ofChannel = channel === undefined ? sql`` : sql`and channel = ${channel}`;
  const neverLeft = sql.join(NEVER_LEFT.map((status) => sql.lit(status)));
  return sql<{ transport: string | null; status: string; count: number | string; avg_ms: number | string | null; p50_ms: number | string | null; p95_ms: number | string | null; max_ms: number | string | null }>`
    with latencies as (
      select transport, status,
        case when status in (${neverLeft}) then null else coalesce(reported_at, sent_at, updated_at) - created_at end as ms
      from sms_outbox
      where created_at >= ${since} and status <> ${DECOY} ${ofChannel}
    ),
    ranked as (
      select transport, status, ms,
        row_number() over (partition by transport, status order by ms) as nth,
        count(*) over (partition by transport, status) as group_size
      from latencies
    )
    select transport, status, count(*) as count, avg(ms) as avg_ms, max(ms) as max_ms,
      max(case when nth = (50 * group_size + 99) / 100 then ms end) as p50_ms,
      max(case when nth = (95 * group_size + 99) / 100 then ms end) as p95_ms
    from ranked
    group by transport, status
    -- SQLite and PostgreSQL put NULLs at opposite ends: no transport sorts first on both.
    order by coalesce(transport, ''), status`;
};

/** Rows written for code requests that matched nothing: never counted or listed. */
const DECOY = DECOY_STATUS;
const MADE_DUE = OUTBOX_TRANSITIONS.made_due;
const RESENT = OUTBOX_TRANSITIONS.resent;
/** Texts not yet handed to any gateway (due, or claimed): housekeeping never removes them. */
const UNSENT = fromStatuses('claimed', 'lease_lapsed');

/** What operators and housekeeping do with the outbox, on SQL. */
export function kyselyOutboxOperatorStore(db: Kysely<Database>): OutboxOperatorStore {
  return {
    async countByStatus(channel) {
      let query = db
        .selectFrom('sms_outbox')
        .select(['status', (eb) => eb.fn.countAll().as('count')])
        .where('status', '!=', DECOY);
      if (channel !== undefined) query = query.where('channel', '=', channel);
      const rows = await query.groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
    },
    async deliveryStats(since, channel) {
      const { rows } = await deliveryStatsQuery(since, channel).execute(db);
      return rows.map((row) => ({
        transport: row.transport,
        status: row.status as MessageStatus,
        count: Number(row.count),
        latencyMs:
          row.max_ms === null
            ? null
            : { avg: Math.round(Number(row.avg_ms)), p50: Number(row.p50_ms), p95: Number(row.p95_ms), max: Number(row.max_ms) },
      }));
    },
    async list({ since, status, channel, limit }) {
      let query = db.selectFrom('sms_outbox').select(ENTRY_COLUMNS).where('created_at', '>=', since).where('status', '!=', DECOY);
      if (status !== undefined) query = query.where('status', '=', status);
      if (channel !== undefined) query = query.where('channel', '=', channel);
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
        .select(['channel', 'recipient', 'subject', 'body', 'locale', 'purpose'])
        .where('id', '=', id)
        .where('status', 'in', RESENT.from)
        .where('code_id', 'is', null)
        .where('resent_as', 'is', null)
        // A deleted account's farewell, erased once settled: there is no one to send it to.
        .where('recipient', '<>', '')
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
      await insertNew(db, again, { channel: failed.channel as Channel, to: failed.recipient, subject: failed.subject, body: failed.body, locale: failed.locale as Locale, purpose: failed.purpose, codeId: null }, at);
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
