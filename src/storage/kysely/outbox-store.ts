import type { ExpressionBuilder, Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { MessageStatus, OutboxMessage, OutboxStore } from '../../sms/outbox-store.ts';
import type { Database } from '../database.ts';
import type { Dialect } from './dialect.ts';

type Row = Database['sms_outbox'];
const toMessage = (row: Omit<Row, 'attempts'> & { attempts: number }): OutboxMessage => ({
  id: row.id,
  to: row.to_e164,
  body: row.body,
  locale: row.locale as Locale,
  purpose: row.purpose,
  codeId: row.code_id,
  status: row.status as MessageStatus,
  attempts: Number(row.attempts),
  createdAt: Number(row.created_at),
});

/**
 * The outbox on SQL: texts wait here until a dispatcher claims them under a lease.
 */
export function kyselyOutboxStore(db: Kysely<Database>, dialect: Dialect): OutboxStore {
  return {
    async enqueue(message, at) {
      const id = newId();
      await db
        .insertInto('sms_outbox')
        .values({
          id,
          to_e164: message.to,
          body: message.body,
          locale: message.locale,
          purpose: message.purpose,
          code_id: message.codeId,
          status: 'queued',
          transport: null,
          attempts: 0,
          next_attempt_at: at,
          lease_until: null,
          last_error: null,
          created_at: at,
          updated_at: at,
          sent_at: null,
        })
        .execute();
      return id;
    },
    async claimDue(now, leaseMs, limit) {
      // One statement, so the claim is atomic without a transaction of its own. On PostgreSQL,
      // SKIP LOCKED lets several dispatchers claim side by side, each taking rows no other
      // holds; SQLite runs one writer at a time, which gives the same guarantee.
      const due = (eb: ExpressionBuilder<Database, 'sms_outbox'>) => {
        let query = eb
          .selectFrom('sms_outbox')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'queued'), w('next_attempt_at', '<=', now)]),
              w.and([w('status', '=', 'sending'), w('lease_until', '<', now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .limit(limit);
        if (dialect === 'postgres') query = query.forUpdate().skipLocked();
        return query;
      };
      const rows = await db
        .updateTable('sms_outbox')
        .set((eb) => ({ status: 'sending', lease_until: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toMessage).sort((a, b) => a.createdAt - b.createdAt);
    },
    async nextDueAt() {
      const row = await db
        .selectFrom('sms_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return row?.at == null ? undefined : Number(row.at);
    },
    async markHandedOver(id, update) {
      await db
        .updateTable('sms_outbox')
        .set({ status: update.status, transport: update.transport, sent_at: update.at, updated_at: update.at, lease_until: null, last_error: null, body: update.body })
        .where('id', '=', id)
        .execute();
    },
    async markRetry(id, update) {
      await db
        .updateTable('sms_outbox')
        .set({ status: 'queued', next_attempt_at: update.nextAttemptAt, last_error: update.error, updated_at: update.at, lease_until: null })
        .where('id', '=', id)
        .execute();
    },
    async markFinal(id, update) {
      await db
        .updateTable('sms_outbox')
        .set({ status: update.status, last_error: update.error, updated_at: update.at, lease_until: null, body: update.body })
        .where('id', '=', id)
        .execute();
    },
    async countByStatus() {
      const rows = await db
        .selectFrom('sms_outbox')
        .select(['status', (eb) => eb.fn.countAll().as('count')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
    },
  };
}
