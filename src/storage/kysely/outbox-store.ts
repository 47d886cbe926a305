import type { Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { MessageStatus, OutboxMessage, OutboxStore } from '../../sms/outbox-store.ts';
import type { Database } from '../database.ts';

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
 * The outbox on SQL. Claims run in a transaction of their own: on SQLite the database
 * serialises writers, so two dispatchers can never lease the same row.
 */
export function kyselyOutboxStore(db: Kysely<Database>): OutboxStore {
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
      return db.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom('sms_outbox')
          .select('id')
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
              eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .limit(limit)
          .execute();
        if (due.length === 0) return [];
        const rows = await trx
          .updateTable('sms_outbox')
          .set((eb) => ({ status: 'sending', lease_until: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
          .where('id', 'in', due.map((d) => d.id))
          .returningAll()
          .execute();
        return rows.map(toMessage);
      });
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
