import type { Kysely, QueryCreator } from 'kysely';
import type { AttemptOutcome, AttemptRecord, OutboxAttemptStore, ReportedStatus } from '../../sms/outbox-attempt-store.ts';
import type { Database } from '../database.ts';
import { prepared } from './prepared.ts';

type AttemptRow = Database['sms_attempts'];

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

const FINAL_REPORTS: readonly ReportedStatus[] = ['delivered', 'failed', 'expired'];

const newAttempt = (messageId: string, attempt: number, transport: string, at: number) => ({
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
});

/** An attempt's end, as its own statement or (PostgreSQL) the first part of the queue's update of its message. */
export const endAttempt = (db: QueryCreator<Database>, messageId: string, attempt: number, outcome: AttemptOutcome, error: string | null, gatewayId: string | null, at: number) =>
  db
    .updateTable('sms_attempts')
    .set({ outcome, error, gateway_id: gatewayId, finished_at: at })
    .where('message_id', '=', messageId)
    .where('attempt', '=', attempt);

// The dispatcher writes this for every text it sends: built once (prepared.ts).
export const finishAttempt = prepared(
  (db: Kysely<Database>, messageId: string, attempt: number, outcome: AttemptOutcome, error: string | null, gatewayId: string | null, at: number) =>
    endAttempt(db, messageId, attempt, outcome, error, gatewayId, at),
);

/** The attempt log on SQL: one row per try at a gateway, keyed by message and attempt. */
export function kyselyOutboxAttemptStore(db: Kysely<Database>): OutboxAttemptStore {
  return {
    async startAttempts(attempts) {
      if (attempts.length === 0) return;
      await db
        .insertInto('sms_attempts')
        .values(attempts.map((a) => newAttempt(a.messageId, a.attempt, a.transport, a.at)))
        .onConflict((oc) => oc.columns(['message_id', 'attempt']).doNothing())
        .execute();
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
  };
}
