import { sql, type Compilable, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type QueryCreator, type Selectable, type SqlBool } from 'kysely';
import { CodeNoLongerUsableError, type CodePurpose, type CodeState, type CodeStore, type CodeSubject, type StoredCode } from '../../domain/sign-in/code-store.ts';
import { prepared, preparedInsert } from './prepared.ts';
import type { Database } from '../database.ts';
import type { Dialect } from './dialect.ts';

type Row = Database['one_time_codes'];
type Eb = ExpressionBuilder<Database, 'one_time_codes'>;

const toCode = (row: Omit<Row, 'attempts'> & { attempts: number }): StoredCode => ({
  id: row.id,
  accountId: row.account_id,
  phoneId: row.phone_id,
  purpose: row.purpose as CodePurpose,
  codeHmac: row.code_hmac,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  attempts: Number(row.attempts),
});

const ofSubject = (subject: CodeSubject) => (eb: Eb) =>
  eb.and([
    eb('account_id', '=', subject.accountId),
    eb('purpose', '=', subject.purpose),
    ...(subject.phoneId === undefined ? [] : [eb('phone_id', '=', subject.phoneId)]),
  ]);

/** The one definition of "can still be used", shared by lookup and the atomic consume. */
const usable = (now: number, maxAttempts: number) => (eb: Eb) =>
  eb.and([
    eb('used_at', 'is', null),
    eb('invalidated_at', 'is', null),
    eb('expires_at', '>', now),
    eb('attempts', '<', maxAttempts),
  ]);

const STATE_COLUMNS = ['used_at', 'invalidated_at', 'attempts', 'expires_at'] as const;
const stateOf = (row: Pick<Selectable<Row>, (typeof STATE_COLUMNS)[number]>, now: number, maxAttempts: number): CodeState => {
  if (row.used_at !== null || row.invalidated_at !== null || Number(row.attempts) >= maxAttempts) return 'void';
  return Number(row.expires_at) <= now ? 'expired' : 'usable';
};

/** The state of each code in one read; a code not found is `void`. One query for one code or a dispatcher's batch. */
async function statesOf(db: Kysely<Database>, ids: readonly string[], now: number, maxAttempts: number): Promise<Map<string, CodeState>> {
  const states = new Map<string, CodeState>(ids.map((id) => [id, 'void']));
  if (ids.length === 0) return states;
  const rows = await db.selectFrom('one_time_codes').select(['id', ...STATE_COLUMNS]).where('id', 'in', [...new Set(ids)]).execute();
  for (const row of rows) states.set(row.id, stateOf(row, now, maxAttempts));
  return states;
}

// Every code request and code sign-in runs these, so they are built once (prepared.ts). A
// subject with a number and one without make different SQL: one statement each.
const insertCode = preparedInsert('one_time_codes', { unread: true });

const bySubject = <A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, subject: (eb: Eb) => ReturnType<Eb['and']>, ...args: A) => Compilable<R>,
  options: { unread?: boolean } = {},
) => {
  const withoutPhone = prepared(
    (db: Kysely<Database>, accountId: string, purpose: CodePurpose, ...args: A) => build(db, ofSubject({ accountId, purpose }), ...args),
    options,
  );
  const withPhone = prepared(
    (db: Kysely<Database>, accountId: string, purpose: CodePurpose, phoneId: string, ...args: A) => build(db, ofSubject({ accountId, purpose, phoneId }), ...args),
    options,
  );
  return (db: Kysely<Database>, subject: CodeSubject, ...args: A) =>
    subject.phoneId === undefined
      ? withoutPhone(db, subject.accountId, subject.purpose, ...args)
      : withPhone(db, subject.accountId, subject.purpose, subject.phoneId, ...args);
};

/** Makes the codes `which` picks that are neither used nor invalidated unusable at `at`. */
const invalidating = (qc: QueryCreator<Database>, which: (eb: Eb) => Expression<SqlBool>, at: number) =>
  qc.updateTable('one_time_codes').set({ invalidated_at: at }).where(which).where('used_at', 'is', null).where('invalidated_at', 'is', null);

/** A code as its row; the same columns in the same order every time (preparedInsert needs it). */
const rowOf = (code: StoredCode): Insertable<Row> => ({
  id: code.id,
  account_id: code.accountId,
  phone_id: code.phoneId,
  purpose: code.purpose,
  code_hmac: code.codeHmac,
  created_at: code.createdAt,
  expires_at: code.expiresAt,
  attempts: code.attempts,
  used_at: null,
  invalidated_at: null,
});

const invalidateOutstanding = bySubject((db, subject, at: number) => invalidating(db, subject, at));

// PostgreSQL: the subject's outstanding codes made unusable and the new one inserted in one
// statement (the update works on the statement's snapshot, which cannot hold the new row).
const replaceOutstanding = bySubject(
  (db, subject, at: number, id: string, accountId: string | null, phoneId: string | null, purpose: CodePurpose, codeHmac: string, createdAt: number, expiresAt: number, attempts: number) =>
    db
      .with('invalidated', (qc) => invalidating(qc, subject, at))
      .insertInto('one_time_codes')
      .values(rowOf({ id, accountId, phoneId, purpose, codeHmac, createdAt, expiresAt, attempts })),
  { unread: true },
);

const newestUsable = bySubject((db, subject, now: number, maxAttempts: number) =>
  db
    .selectFrom('one_time_codes')
    .selectAll()
    // Subqueries, not a join: phones has columns of the same names.
    .select((eb) => [
      eb.selectFrom('phones').select('e164').whereRef('phones.id', '=', 'one_time_codes.phone_id').as('sent_e164'),
      eb.selectFrom('phones').select('region').whereRef('phones.id', '=', 'one_time_codes.phone_id').as('sent_region'),
    ])
    .where(subject)
    .where(usable(now, maxAttempts))
    .orderBy('created_at', 'desc')
    .limit(1),
);

/** Marks the code used if, at this instant, it still is usable. */
const useIfUsable = (qc: QueryCreator<Database>, id: string, now: number, maxAttempts: number) =>
  qc.updateTable('one_time_codes').set({ used_at: now }).where('id', '=', id).where(usable(now, maxAttempts)).returning('id');
const consumeIfUsable = prepared(useIfUsable);

/** The SQLSTATE `consumeOrFail` raises on PostgreSQL (expect_rows, migration 0018). */
const NO_LONGER_USABLE = 'EKC01';

// PostgreSQL: the conditional use, raising when it used nothing, so the transaction aborts and
// its commit rolls back; nobody waits for its answer (prepared.ts).
const consumeOrRaise = prepared(
  (db: Kysely<Database>, id: string, now: number, maxAttempts: number) =>
    db
      .with('used', (qc) => useIfUsable(qc, id, now, maxAttempts))
      .selectNoFrom(sql<null>`expect_rows((select count(*) from used), ${NO_LONGER_USABLE}, 'one-time code no longer usable')`.as('used')),
  { unread: true },
);

/** The domain's error for what the database raised as a code no longer usable; any other error as it is. */
export const codeStoreError = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === NO_LONGER_USABLE ? new CodeNoLongerUsableError() : error;

// Nobody reads its answer: a transaction sends it and goes on (prepared.ts).
const addWrongAttempt = prepared(
  (db: Kysely<Database>, id: string) => db.updateTable('one_time_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id),
  { unread: true },
);

export function kyselyCodeStore(db: Kysely<Database>, dialect: Dialect): CodeStore {
  const insert = (code: StoredCode) => insertCode(db, rowOf(code));
  return {
    async invalidateSubject(subject, at) {
      await invalidateOutstanding(db, subject, at);
    },
    async invalidatePhone(phoneId, at) {
      await invalidating(db, (eb) => eb('phone_id', '=', phoneId), at).execute();
    },
    async insert(code) {
      await insert(code);
    },
    async replace(subject, code, at) {
      if (dialect === 'postgres') {
        await replaceOutstanding(db, subject, at, code.id, code.accountId, code.phoneId, code.purpose, code.codeHmac, code.createdAt, code.expiresAt, code.attempts);
        return;
      }
      await invalidateOutstanding(db, subject, at);
      await insert(code);
    },
    async findUsable(subject, now, maxAttempts) {
      const [row] = (await newestUsable(db, subject, now, maxAttempts)).rows;
      if (!row) return undefined;
      const sentTo = row.sent_e164 != null && row.sent_region != null ? { e164: row.sent_e164, region: row.sent_region } : null;
      return { ...toCode(row), sentTo };
    },
    async consume(id, now, maxAttempts) {
      return (await consumeIfUsable(db, id, now, maxAttempts)).rows.length > 0;
    },
    async consumeOrFail(id, now, maxAttempts) {
      if (dialect !== 'postgres') {
        if ((await consumeIfUsable(db, id, now, maxAttempts)).rows.length === 0) throw new CodeNoLongerUsableError();
        return;
      }
      // Raises in the database; its transaction maps the error (postgres/open-postgres.ts).
      await consumeOrRaise(db, id, now, maxAttempts);
    },
    async recordWrongAttempt(id) {
      await addWrongAttempt(db, id);
    },
    async state(id, now, maxAttempts) {
      return (await statesOf(db, [id], now, maxAttempts)).get(id) ?? 'void';
    },
    states: (ids, now, maxAttempts) => statesOf(db, ids, now, maxAttempts),
    async prune(before) {
      const result = await db.deleteFrom('one_time_codes').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
