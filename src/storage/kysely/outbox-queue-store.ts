import type { Kysely, QueryCreator, Updateable } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { Locale } from '../../i18n/locale.ts';
import { DECOY_STATUS, INITIAL_STATUS, OUTBOX_TRANSITIONS, fromStatuses, type Channel, type MessageStatus } from '../../sms/outbox-model.ts';
import type { AttemptEnd, AttemptOutcome } from '../../sms/outbox-attempt-store.ts';
import type { NewMessage, OutboxMessage, OutboxQueueStore } from '../../sms/outbox-queue-store.ts';
import type { Database } from '../database.ts';
import { endAttempt, finishAttempt } from './outbox-attempt-store.ts';
import { changed } from './outbox-rows.ts';
import { prepared, preparedInsert } from './prepared.ts';
import type { Dialect } from './dialect.ts';

type Row = Database['sms_outbox'];

const toMessage = (row: Omit<Row, 'attempts' | 'transport_index' | 'channel'> & { attempts: number; transport_index: number; channel: string }): OutboxMessage => ({
  id: row.id,
  channel: row.channel as Channel,
  to: row.recipient,
  subject: row.subject,
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

// Each conditional update below takes the statuses it may move a text from (and to) from the
// outbox model, so SQL and the dispatcher cannot disagree about a text's life.
const CLAIM = OUTBOX_TRANSITIONS.claimed;
const HAND_OVER_FROM = fromStatuses('gateway_accepted', 'gateway_delivered', 'gateway_silent');
const RETRY = OUTBOX_TRANSITIONS.send_failed;
const FINAL_FROM = fromStatuses('send_failed_for_good', 'code_expired', 'code_used_or_replaced');
const GIVE_BACK = OUTBOX_TRANSITIONS.previous_attempt_in_doubt;
const GIVE_BACK_FROM = fromStatuses('previous_attempt_in_doubt', 'previous_attempt_accepted', 'failover_dropped');

// Every code request writes one (a decoy when nothing matched).
const insertMessage = preparedInsert('sms_outbox', { unread: true });

// The dispatcher runs these for every text it sends: built once (prepared.ts), as building a
// query cost about as much as running it.
const claim = (forUpdate: boolean) =>
  prepared((db: Kysely<Database>, channel: Channel, now: number, leaseUntil: number, limit: number) => {
    // Each way a text falls due is read apart, as a range of an index in due order, and at most
    // a batch of each: read as one OR, every due text was read and sorted to take a batch, so a
    // claim grew with the queue (on SQLite 0.3 ms at 2,000 texts waiting and 2.8 ms at 20,000,
    // under the write lock) just when the dispatcher had fallen behind. The channel is named in
    // each, as SQLite without statistics (it never analyzes) otherwise searched by the channel
    // alone and read every text of the channel ever kept.
    const arm = (name: string, status: readonly string[], due: 'next_attempt_at' | 'lease_until' | 'failover_at', cmp: '<=' | '<') => {
      const rows = db.selectFrom('sms_outbox').select(['id', 'next_attempt_at']).where('channel', '=', channel).where('status', 'in', status).where(due, cmp, now).orderBy('next_attempt_at').limit(limit);
      return db.selectFrom((forUpdate ? rows.forUpdate().skipLocked() : rows).as(name)).selectAll();
    };
    const due = arm('due_queued', CLAIM.from, 'next_attempt_at', '<=')
      .unionAll(arm('due_lapsed', OUTBOX_TRANSITIONS.lease_lapsed.from, 'lease_until', '<'))
      .unionAll(arm('due_failover', OUTBOX_TRANSITIONS.failover_due.from, 'failover_at', '<='));
    return (
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
        .where('id', 'in', db.selectFrom(due.as('due')).select('id').orderBy('next_attempt_at').limit(limit))
        .returningAll()
    );
  });
// One statement, so the claim is atomic without a transaction of its own. On PostgreSQL, SKIP
// LOCKED lets several dispatchers claim side by side, each taking rows no other holds; SQLite
// runs one writer at a time, which gives the same guarantee.
const claimOn = { sqlite: claim(false), postgres: claim(true) } as const;

/**
 * markHandedOver: only while the attempt is still the message's current one and no final
 * report has settled it. A null transport index or report time leaves the stored one.
 */
const handOverOn = (
  db: QueryCreator<Database>,
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
    .where('attempts', '=', attempt);
const handOver = prepared(handOverOn);

// The dispatcher's record of a text a gateway took: on PostgreSQL the attempt's end and the
// message's change in one statement (a data-modifying WITH), one round trip instead of two.
type HandOverArgs = Parameters<typeof handOverOn> extends [unknown, ...infer A] ? A : never;
const handOverFinishing = prepared(
  (db: Kysely<Database>, outcome: AttemptOutcome, error: string | null, gatewayId: string | null, ...args: HandOverArgs) =>
    handOverOn(
      db.with('finished', (qc) => endAttempt(qc, args[0], args[1], outcome, error, gatewayId, args[4]).returning('message_id')),
      ...args,
    ),
);

/** A new text's row; decoys (requests that matched nothing) get the same, under another status. */
const newRow = (id: string, message: NewMessage, at: number, status: typeof INITIAL_STATUS | typeof DECOY_STATUS) => ({
  id,
  channel: message.channel ?? 'sms',
  recipient: message.to,
  subject: message.subject ?? null,
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

/** Writes a new text, as `enqueue` and an operator's resend do. */
export const insertNew = (db: Kysely<Database>, id: string, message: NewMessage, at: number): Promise<void> => insertMessage(db, newRow(id, message, at, INITIAL_STATUS));

/**
 * The queue on SQL: texts wait until a dispatcher claims them under a lease. Updates that a
 * delivery report may race are conditional (on status and attempt), so whichever lands second
 * cannot undo the first.
 */
export function kyselyOutboxQueueStore(db: Kysely<Database>, dialect: Dialect): OutboxQueueStore {
  /**
   * Only the claim that made `attempt` may settle it, and only while no report settled it first.
   * With `finishes`, PostgreSQL ends the attempt in the same statement.
   */
  const current = (id: string, attempt: number | undefined, statuses: readonly MessageStatus[], finishes: AttemptEnd | undefined, at: number) => {
    const on: QueryCreator<Database> =
      finishes && attempt !== undefined && dialect === 'postgres'
        ? db.with('finished', (qc) => endAttempt(qc, id, attempt, finishes.outcome, finishes.error, finishes.gatewayId, at).returning('message_id'))
        : db;
    let query = on.updateTable('sms_outbox').where('id', '=', id).where('status', 'in', statuses);
    if (attempt !== undefined) query = query.where('attempts', '=', attempt);
    return query;
  };
  /** SQLite has no data-modifying WITH: the attempt's end is a statement of its own, first. */
  const endFirst = async (id: string, attempt: number | undefined, finishes: AttemptEnd | undefined, at: number) => {
    if (finishes && attempt !== undefined && dialect === 'sqlite') await finishAttempt(db, id, attempt, finishes.outcome, finishes.error, finishes.gatewayId, at);
  };

  return {
    async enqueue(message, at) {
      const id = newId();
      await insertNew(db, id, message, at);
      return id;
    },
    async enqueueDecoy(message, at) {
      await insertMessage(db, newRow(newId(), message, at, DECOY_STATUS));
    },
    async claimDue(channel, now, leaseMs, limit) {
      const { rows } = await claimOn[dialect](db, channel, now, now + leaseMs, limit);
      return rows.map(toMessage).sort((a, b) => a.createdAt - b.createdAt);
    },
    async nextDueAt(channel) {
      const row = await db
        .selectFrom('sms_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('channel', '=', channel)
        .where('status', 'in', CLAIM.from)
        .executeTakeFirst();
      return row?.at == null ? undefined : Number(row.at);
    },
    async markHandedOver(id, update) {
      // A report for this attempt may have come first: `sent` still takes the failover time and
      // the transport, a final status stays.
      const failoverAt = update.status === 'sent' ? (update.failoverAt ?? null) : null;
      const reportedAt = update.status === 'delivered' ? update.at : null;
      const { body, transport, at, attempt, transportIndex, finishes } = update;
      const args = [id, attempt, update.status, transport, at, body, failoverAt, transportIndex ?? null, reportedAt] as const;
      await endFirst(id, attempt, finishes, at);
      const result =
        finishes && dialect === 'postgres' ? await handOverFinishing(db, finishes.outcome, finishes.error, finishes.gatewayId, ...args) : await handOver(db, ...args);
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async markRetry(id, update) {
      const set: Updateable<Row> = { status: RETRY.to, next_attempt_at: update.nextAttemptAt, last_error: update.error, updated_at: update.at, lease_until: null };
      if (update.transportIndex !== undefined) set.transport_index = update.transportIndex;
      await endFirst(id, update.attempt, update.finishes, update.at);
      return changed(await current(id, update.attempt, RETRY.from, update.finishes, update.at).set(set).executeTakeFirst());
    },
    async markFinal(id, update) {
      await endFirst(id, update.attempt, update.finishes, update.at);
      return changed(
        await current(id, update.attempt, FINAL_FROM, update.finishes, update.at)
          .set({ status: update.status, last_error: update.error, updated_at: update.at, lease_until: null, failover_at: null, body: update.body })
          .executeTakeFirst(),
      );
    },
    async returnToSent(id, update) {
      return changed(
        await current(id, update.attempt, GIVE_BACK_FROM, undefined, update.at)
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
  };
}
