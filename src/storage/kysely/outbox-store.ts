import { sql, type ExpressionBuilder, type Kysely, type Updateable } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Locale } from '../../i18n/locale.ts';
import { DECOY_STATUS, INITIAL_STATUS, OUTBOX_TRANSITIONS, fromStatuses, type MessageStatus } from '../../sms/outbox-model.ts';
import type {
  NewMessage,
  AttemptOutcome,
  AttemptRecord,
  DeliveryStatsRow,
  OutboxEntry,
  OutboxMessage,
  OutboxStore,
  ReportedStatus,
} from '../../sms/outbox-store.ts';
import type { Database } from '../database.ts';
import { prepared, preparedInsert } from './prepared.ts';
import type { Dialect } from './dialect.ts';

type Row = Database['sms_outbox'];
type AttemptRow = Database['sms_attempts'];

const toMessage = (row: Omit<Row, 'attempts' | 'transport_index'> & { attempts: number; transport_index: number }): OutboxMessage => ({
  id: row.id,
  to: row.to_e164,
  body: row.body,
  locale: row.locale as Locale,
  purpose: row.purpose,
  codeId: row.code_id,
  status: row.status as MessageStatus,
  attempts: Number(row.attempts),
  createdAt: Number(row.created_at),
  transportIndex: Number(row.transport_index),
  claimedFrom: row.claimed_from as OutboxMessage['claimedFrom'],
});

const toAttempt = (row: AttemptRow): AttemptRecord => ({
  messageId: row.message_id,
  attempt: Number(row.attempt),
  transport: row.transport,
  startedAt: Number(row.started_at),
  finishedAt: row.finished_at == null ? null : Number(row.finished_at),
  outcome: row.outcome as AttemptOutcome | null,
  error: row.error,
  gatewayId: row.gateway_id,
  reportStatus: row.report_status as ReportedStatus | null,
  reportedAt: row.reported_at == null ? null : Number(row.reported_at),
});

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

const FINAL_REPORTS: readonly ReportedStatus[] = ['delivered', 'failed', 'expired'];

/** Nearest-rank percentile of ascending `sorted`. */
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** Rows written for code requests that matched nothing: never claimed, counted or listed. */
const DECOY = DECOY_STATUS;

// Each conditional update below takes the statuses it may move a text from (and to) from the
// outbox model, so SQL and the dispatcher cannot disagree about a text's life.
const CLAIM = OUTBOX_TRANSITIONS.claimed;
const HAND_OVER_FROM = fromStatuses('gateway_accepted', 'gateway_delivered', 'gateway_silent');
const RETRY = OUTBOX_TRANSITIONS.send_failed;
const FINAL_FROM = fromStatuses('send_failed_for_good', 'code_expired', 'code_used_or_replaced');
const GIVE_BACK = OUTBOX_TRANSITIONS.previous_attempt_in_doubt;
const GIVE_BACK_FROM = fromStatuses('previous_attempt_in_doubt', 'previous_attempt_accepted', 'failover_dropped');
const MADE_DUE = OUTBOX_TRANSITIONS.made_due;
const RESENT = OUTBOX_TRANSITIONS.resent;
/** Texts not yet handed to any gateway (due, or claimed): housekeeping never removes them. */
const UNSENT = fromStatuses('claimed', 'lease_lapsed');

// Every code request writes one (a decoy when nothing matched).
const insertMessage = preparedInsert('sms_outbox');

// The dispatcher runs these for every text it sends: built once (prepared.ts), as building a
// query cost about as much as running it.
const claim = (forUpdate: boolean) =>
  prepared((db: Kysely<Database>, now: number, leaseUntil: number, limit: number) =>
    db
      .updateTable('sms_outbox')
      // SET expressions read the row as it was, so claimed_from gets the status before the claim.
      .set((eb) => ({
        claimed_from: eb.ref('status'),
        status: CLAIM.to,
        lease_until: leaseUntil,
        failover_at: null,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('sms_outbox')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('status', 'in', CLAIM.from), w('next_attempt_at', '<=', now)]),
              w.and([w('status', 'in', OUTBOX_TRANSITIONS.lease_lapsed.from), w('lease_until', '<', now)]),
              w.and([w('status', 'in', OUTBOX_TRANSITIONS.failover_due.from), w('failover_at', '<=', now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .limit(limit);
        return forUpdate ? due.forUpdate().skipLocked() : due;
      })
      .returningAll(),
  );
// One statement, so the claim is atomic without a transaction of its own. On PostgreSQL, SKIP
// LOCKED lets several dispatchers claim side by side, each taking rows no other holds; SQLite
// runs one writer at a time, which gives the same guarantee.
const claimOn = { sqlite: claim(false), postgres: claim(true) } as const;

const insertAttempt = prepared((db: Kysely<Database>, messageId: string, attempt: number, transport: string, at: number) =>
  db
    .insertInto('sms_attempts')
    .values({
      message_id: messageId,
      attempt,
      transport,
      started_at: at,
      finished_at: null,
      outcome: null,
      error: null,
      gateway_id: null,
      report_status: null,
      reported_at: null,
    })
    .onConflict((oc) => oc.columns(['message_id', 'attempt']).doNothing()),
);
const finishAttempt = prepared(
  (db: Kysely<Database>, messageId: string, attempt: number, outcome: AttemptOutcome, error: string | null, gatewayId: string | null, at: number) =>
    db
      .updateTable('sms_attempts')
      .set({ outcome, error, gateway_id: gatewayId, finished_at: at })
      .where('message_id', '=', messageId)
      .where('attempt', '=', attempt),
);
/**
 * markHandedOver: only while the attempt is still the message's current one and no final
 * report has settled it. A null transport index or report time leaves the stored one.
 */
const handOver = prepared(
  (
    db: Kysely<Database>,
    id: string,
    attempt: number,
    status: 'sent' | 'delivered',
    transport: string,
    at: number,
    body: string,
    failoverAt: number | null,
    transportIndex: number | null,
    reportedAt: number | null,
  ) =>
    db
      .updateTable('sms_outbox')
      .set((eb) => ({
        status,
        transport,
        sent_at: at,
        updated_at: at,
        lease_until: null,
        last_error: null,
        body,
        failover_at: failoverAt,
        transport_index: eb.fn.coalesce(eb.val(transportIndex), eb.ref('transport_index')),
        reported_at: eb.fn.coalesce(eb.val(reportedAt), eb.ref('reported_at')),
      }))
      .where('id', '=', id)
      .where('status', 'in', HAND_OVER_FROM)
      .where('attempts', '=', attempt),
);

const newRow = (id: string, message: NewMessage, at: number, status: typeof INITIAL_STATUS | typeof DECOY) => ({
  id,
  to_e164: message.to,
  body: message.body,
  locale: message.locale,
  purpose: message.purpose,
  code_id: message.codeId,
  status,
  transport: null,
  attempts: 0,
  next_attempt_at: at,
  lease_until: null,
  last_error: null,
  created_at: at,
  updated_at: at,
  sent_at: null,
  transport_index: 0,
  claimed_from: null,
  failover_at: null,
  reported_at: null,
  resent_as: null,
});

/**
 * The outbox on SQL: texts wait here until a dispatcher claims them under a lease; every
 * try at a gateway is a row in sms_attempts. Updates that a delivery report may race are
 * conditional (on status and attempt), so whichever lands second cannot undo the first.
 */
export function kyselyOutboxStore(db: Kysely<Database>, dialect: Dialect): OutboxStore {
  /** Only the claim that made `attempt` may settle it, and only while no report settled it first. */
  const current = (id: string, attempt: number | undefined, statuses: readonly MessageStatus[]) => {
    let query = db.updateTable('sms_outbox').where('id', '=', id).where('status', 'in', statuses);
    if (attempt !== undefined) query = query.where('attempts', '=', attempt);
    return query;
  };
  const changed = (result: { numUpdatedRows: bigint }) => result.numUpdatedRows > 0n;

  return {
    async enqueue(message, at) {
      const id = newId();
      await insertMessage(db, newRow(id, message, at, INITIAL_STATUS));
      return id;
    },
    async enqueueDecoy(message, at) {
      await insertMessage(db, newRow(newId(), message, at, DECOY));
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
    async pruneDecoys(before) {
      const result = await db.deleteFrom('sms_outbox').where('status', '=', DECOY).where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async claimDue(now, leaseMs, limit) {
      const { rows } = await claimOn[dialect](db, now, now + leaseMs, limit);
      return rows.map(toMessage).sort((a, b) => a.createdAt - b.createdAt);
    },
    async nextDueAt() {
      const row = await db
        .selectFrom('sms_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', 'in', CLAIM.from)
        .executeTakeFirst();
      return row?.at == null ? undefined : Number(row.at);
    },
    async markHandedOver(id, update) {
      // A report for this attempt may have come first: `sent` still takes the failover time and
      // the transport, a final status stays.
      const failoverAt = update.status === 'sent' ? (update.failoverAt ?? null) : null;
      const reportedAt = update.status === 'delivered' ? update.at : null;
      const { body, transport, at, attempt, transportIndex } = update;
      const result = await handOver(db, id, attempt, update.status, transport, at, body, failoverAt, transportIndex ?? null, reportedAt);
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async markRetry(id, update) {
      const set: Updateable<Row> = { status: RETRY.to, next_attempt_at: update.nextAttemptAt, last_error: update.error, updated_at: update.at, lease_until: null };
      if (update.transportIndex !== undefined) set.transport_index = update.transportIndex;
      return changed(await current(id, update.attempt, RETRY.from).set(set).executeTakeFirst());
    },
    async markFinal(id, update) {
      return changed(
        await current(id, update.attempt, FINAL_FROM)
          .set({ status: update.status, last_error: update.error, updated_at: update.at, lease_until: null, failover_at: null, body: update.body })
          .executeTakeFirst(),
      );
    },
    async returnToSent(id, update) {
      return changed(
        await current(id, update.attempt, GIVE_BACK_FROM)
          .set((eb) => ({
            status: GIVE_BACK.to,
            attempts: eb('attempts', '-', 1),
            transport: update.transport,
            failover_at: update.failoverAt,
            lease_until: null,
            updated_at: update.at,
            body: update.body,
          }))
          .executeTakeFirst(),
      );
    },
    async countByStatus() {
      const rows = await db
        .selectFrom('sms_outbox')
        .select(['status', (eb) => eb.fn.countAll().as('count')])
        .where('status', '!=', DECOY)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
    },

    async startAttempt(attempt) {
      await insertAttempt(db, attempt.messageId, attempt.attempt, attempt.transport, attempt.at);
    },
    async finishAttempt(attempt) {
      await finishAttempt(db, attempt.messageId, attempt.attempt, attempt.outcome, attempt.error, attempt.gatewayId, attempt.at);
    },
    async findAttempt(messageId, attempt) {
      const row = await db.selectFrom('sms_attempts').selectAll().where('message_id', '=', messageId).where('attempt', '=', attempt).executeTakeFirst();
      return row && toAttempt(row);
    },
    async findAttemptByGatewayId(transport, gatewayId) {
      const row = await db
        .selectFrom('sms_attempts')
        .selectAll()
        .where('transport', '=', transport)
        .where('gateway_id', '=', gatewayId)
        .orderBy('started_at', 'desc')
        .executeTakeFirst();
      return row && toAttempt(row);
    },
    async listAttempts(messageId) {
      const rows = await db.selectFrom('sms_attempts').selectAll().where('message_id', '=', messageId).orderBy('attempt').execute();
      return rows.map(toAttempt);
    },
    async recordAttemptReport(messageId, attempt, status, at) {
      await db
        .updateTable('sms_attempts')
        .set({ report_status: status, reported_at: at })
        .where('message_id', '=', messageId)
        .where('attempt', '=', attempt)
        .where((eb) => eb.or([eb('report_status', 'is', null), eb('report_status', 'not in', FINAL_REPORTS)]))
        .execute();
    },

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
      const message = { to: failed.to_e164, body: failed.body, locale: failed.locale as Locale, purpose: failed.purpose, codeId: null };
      await insertMessage(db, newRow(again, message, at, INITIAL_STATUS));
      return again;
    },
  };
}
