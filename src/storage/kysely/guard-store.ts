import { sql, type ExpressionBuilder, type Kysely, type QueryCreator } from 'kysely';
import type { GuardScope, GuardStore, GuardSuspension, GuardTallies, GuardTally } from '../../domain/code-delivery/pumping-guard.ts';
import type { Database } from '../database.ts';
import type { Dialect } from './dialect.ts';
import { prepared } from './prepared.ts';

/** The rows of a place: its prefix's and its region's (guard_buckets and guard_suspensions alike). */
const ofPlace =
  (prefix: string, region: string) =>
  (eb: ExpressionBuilder<Database, 'guard_buckets' | 'guard_suspensions'>) =>
    eb.or([eb.and([eb('scope', '=', 'prefix'), eb('key', '=', prefix)]), eb.and([eb('scope', '=', 'region'), eb('key', '=', region)])]);

/**
 * Adds to the place's prefix row and region row of `minute`. One row per key and minute, added
 * to in place: no read-then-write to race. The prefix's row is always locked before the
 * region's, so two texts cannot wait for each other.
 */
const upsert = (qc: QueryCreator<Database>, prefix: string, region: string, minute: number, texts: number, codeTexts: number, conversions: number) =>
  qc
    .insertInto('guard_buckets')
    .values([
      { scope: 'prefix', key: prefix, minute, texts, code_texts: codeTexts, conversions },
      { scope: 'region', key: region, minute, texts, code_texts: codeTexts, conversions },
    ])
    .onConflict((oc) =>
      oc.columns(['scope', 'key', 'minute']).doUpdateSet((eb) => ({
        texts: eb('guard_buckets.texts', '+', eb.ref('excluded.texts')),
        code_texts: eb('guard_buckets.code_texts', '+', eb.ref('excluded.code_texts')),
        conversions: eb('guard_buckets.conversions', '+', eb.ref('excluded.conversions')),
      })),
    );

const COUNTS = ['scope', 'texts', 'code_texts', 'conversions'] as const;
/** A scope's sums over the minutes selected; SUM is a string (bigint) on PostgreSQL, null over none. */
const SUMS = (['texts', 'code_texts', 'conversions'] as const).map((column) => sql<number | string | null>`sum(${sql.ref(column)})`.as(column));

/**
 * PostgreSQL: this statement's own transaction commits without waiting for its WAL flush
 * (GUARD_ASYNC_COMMIT). The counts' rows are every text's of a prefix and a region, and a row
 * lock is held until the commit is flushed: waiting for each flush, every text of a region took
 * its turn behind the one before. A crash of the database may lose the last fraction of a
 * second of counts, which the guard's hour of minutes does not notice. Set in the statement
 * (local to its transaction), so it holds behind PgBouncer and never outlives the statement.
 */
const ASYNC_COMMIT = sql<string>`set_config('synchronous_commit', 'off', true)`;

// Every text and every redeemed code runs these: built once (prepared.ts). A place's prefix
// and region are added to and read in one statement each.
// With asyncCommit the upsert is a CTE and the statement selects the setting (PostgreSQL only).
const adding = (asyncCommit: boolean) =>
  prepared((db: Kysely<Database>, prefix: string, region: string, minute: number, texts: number, codeTexts: number, conversions: number) =>
    asyncCommit
      ? db.with('added', (qc) => upsert(qc, prefix, region, minute, texts, codeTexts, conversions)).selectNoFrom(ASYNC_COMMIT.as('async_commit'))
      : upsert(db, prefix, region, minute, texts, codeTexts, conversions),
  );
const add = adding(false);
const addAsync = adding(true);
const tally = prepared((db: Kysely<Database>, prefix: string, region: string, since: number) =>
  db
    .selectFrom('guard_buckets')
    .select(['scope', ...SUMS])
    .where(ofPlace(prefix, region))
    .where('minute', '>', since)
    .groupBy('scope'),
);
// PostgreSQL: the addition and the tally in one statement. The other minutes are read as the
// statement found them; the two added rows as the addition left them (after waiting for any
// other text adding to them), which a read of the table in the same statement would not see.
const addingAndTallying = (asyncCommit: boolean) =>
  prepared((db: Kysely<Database>, prefix: string, region: string, minute: number, texts: number, codeTexts: number, conversions: number, since: number) =>
    db
      .with('added', (qc) => upsert(qc, prefix, region, minute, texts, codeTexts, conversions).returning(COUNTS))
      .with('earlier', (qc) => qc.selectFrom('guard_buckets').select(COUNTS).where(ofPlace(prefix, region)).where('minute', '>', since).where('minute', '<>', minute))
      .selectFrom((eb) => eb.selectFrom('added').select(COUNTS).unionAll(eb.selectFrom('earlier').select(COUNTS)).as('minutes'))
      .select(['scope', ...SUMS])
      // An aggregate, so the setting is made in the grouped query (its value is not read).
      .$if(asyncCommit, (qb) => qb.select(sql<string>`max(${ASYNC_COMMIT})`.as('async_commit')))
      .groupBy('scope'),
  );
const addAndTally = addingAndTallying(false);
const addAndTallyAsync = addingAndTallying(true);

type TallyRow = { scope: string; texts: number | string | null; code_texts: number | string | null; conversions: number | string | null };

// SUM is a string (bigint) on PostgreSQL; a scope with no minutes has no row.
function talliesOf(rows: readonly TallyRow[]): GuardTallies {
  const of = (scope: GuardScope): GuardTally => {
    const row = rows.find((r) => r.scope === scope);
    return { texts: Number(row?.texts ?? 0), codeTexts: Number(row?.code_texts ?? 0), conversions: Number(row?.conversions ?? 0) };
  };
  return { prefix: of('prefix'), region: of('region') };
}

const suspended = prepared((db: Kysely<Database>, prefix: string, region: string, now: number) =>
  db
    .selectFrom('guard_suspensions')
    .select('scope')
    .where(ofPlace(prefix, region))
    .where('until', '>', now),
);

const toSuspension = (row: Database['guard_suspensions']): GuardSuspension => ({
  scope: row.scope as GuardScope,
  key: row.key,
  since: Number(row.since),
  until: Number(row.until),
  tally: { texts: Number(row.texts), codeTexts: Number(row.code_texts), conversions: Number(row.conversions) },
});

/**
 * `asyncCommit`: on PostgreSQL, the counts commit without waiting for their flush (see
 * ASYNC_COMMIT). Only for a store outside a transaction: inside one, the setting would hold
 * for the whole transaction.
 */
export function kyselyGuardStore(db: Kysely<Database>, dialect: Dialect, options: { asyncCommit?: boolean } = {}): GuardStore {
  const asyncCommit = dialect === 'postgres' && options.asyncCommit === true;
  return {
    async add(place, minute, counts) {
      await (asyncCommit ? addAsync : add)(db, place.prefix, place.region, minute, counts.texts, counts.codeTexts, counts.conversions);
    },
    async addAndTally(place, minute, counts, since) {
      if (dialect === 'postgres') {
        const adding = asyncCommit ? addAndTallyAsync : addAndTally;
        return talliesOf((await adding(db, place.prefix, place.region, minute, counts.texts, counts.codeTexts, counts.conversions, since)).rows);
      }
      // SQLite runs the two statements on one connection back to back, with no trip between.
      await add(db, place.prefix, place.region, minute, counts.texts, counts.codeTexts, counts.conversions);
      return talliesOf((await tally(db, place.prefix, place.region, since)).rows);
    },
    async tally(place, since) {
      return talliesOf((await tally(db, place.prefix, place.region, since)).rows);
    },
    async suspended(prefix, region, now) {
      const scopes = (await suspended(db, prefix, region, now)).rows.map((row) => row.scope);
      if (scopes.includes('prefix')) return 'prefix';
      return scopes.includes('region') ? 'region' : undefined;
    },
    async suspend(s) {
      const row = { scope: s.scope, key: s.key, since: s.since, until: s.until, texts: s.tally.texts, code_texts: s.tally.codeTexts, conversions: s.tally.conversions };
      const { scope: _scope, key: _key, ...renewed } = row;
      const result = await db
        .insertInto('guard_suspensions')
        .values(row)
        // An ended suspension is replaced; one in force is left alone, so a race suspends once.
        .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet(renewed).where('guard_suspensions.until', '<=', s.since))
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async listSuspended(now) {
      const rows = await db.selectFrom('guard_suspensions').selectAll().where('until', '>', now).orderBy('since', 'desc').orderBy('key').execute();
      return rows.map(toSuspension);
    },
    async lift(scope, key, now) {
      const ended = await db.deleteFrom('guard_suspensions').where('scope', '=', scope).where('key', '=', key).where('until', '>', now).executeTakeFirst();
      await db.deleteFrom('guard_suspensions').where('scope', '=', scope).where('key', '=', key).execute();
      // The hour that made it would suspend it again at its next text.
      await db.deleteFrom('guard_buckets').where('scope', '=', scope).where('key', '=', key).execute();
      return Number(ended.numDeletedRows) > 0;
    },
    async prune(before) {
      const buckets = await db.deleteFrom('guard_buckets').where('minute', '<', before).executeTakeFirst();
      const suspensions = await db.deleteFrom('guard_suspensions').where('until', '<', before).executeTakeFirst();
      return Number(buckets.numDeletedRows) + Number(suspensions.numDeletedRows);
    },
  };
}
