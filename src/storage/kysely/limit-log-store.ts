import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LimitLogStore } from '../../domain/rate-limits/limit-log-store.ts';
import type { Database } from '../database.ts';
import type { Dialect } from './dialect.ts';
import { prepared } from './prepared.ts';

// A key's events are one row holding its newest times, newest first (migration 0019): a JSON
// array on SQLite, a bigint[] on PostgreSQL. The checks and records run on every code request
// and code sign-in, so their statements are prepared.
const compiled = <R>(db: Kysely<Database>, query: RawBuilder<R>) => ({ compile: () => query.compile(db) });

const sqliteTimes = prepared((db: Kysely<Database>, bucket: string, key: string) =>
  db.selectFrom('limit_windows').select('times').where('bucket', '=', bucket).where('key', '=', key),
);
const sqlitePut = prepared(
  (db: Kysely<Database>, bucket: string, key: string, times: string) =>
    db
      .insertInto('limit_windows')
      .values({ bucket, key, times })
      .onConflict((oc) => oc.columns(['bucket', 'key']).doUpdateSet({ times: (eb) => eb.ref('excluded.times') })),
  { unread: true },
);
// Outside a transaction a record is one statement, so that nothing runs between its read and
// its write: the new time joins the row's and the newest `keep` stay.
const sqliteMerge = prepared((db: Kysely<Database>, bucket: string, key: string, at: number, keep: number) =>
  compiled(
    db,
    sql`insert into limit_windows (bucket, key, times) values (${bucket}, ${key}, json_array(cast(${at} as integer)))
      on conflict (bucket, key) do update set times = (
        select json_group_array(t order by t desc) from (
          select t from (select value as t from json_each(limit_windows.times) union all select value from json_each(excluded.times))
          order by t desc limit ${keep}))`,
  ),
);
const postgresCount = prepared((db: Kysely<Database>, bucket: string, key: string, since: number) =>
  compiled(db, sql<{ n: string | number }>`select (select count(*) from unnest(times) as t where t > ${since}) as n from limit_windows where bucket = ${bucket} and key = ${key}`),
);
const postgresRecord = prepared(
  (db: Kysely<Database>, buckets: readonly string[], keys: readonly string[], at: number, keep: number) =>
    compiled(db, sql`select limit_window_record(${buckets}::text[], ${keys}::text[], ${at}, ${keep})`),
  { unread: true },
);

/** `times` (newest first) with `at` in its place, the newest `keep` of them. */
function withTime(times: readonly number[], at: number, keep: number): number[] {
  const i = times.findIndex((t) => t <= at);
  return (i < 0 ? [...times, at] : [...times.slice(0, i), at, ...times.slice(i)]).slice(0, keep);
}

export function kyselyLimitLogStore(db: Kysely<Database>, dialect: Dialect, options: { soleWriter?: boolean } = {}): LimitLogStore {
  // SQLite transactions take the database's write lock up front (BEGIN IMMEDIATE), so they are
  // serial already and a hold is the read alone. PostgreSQL runs them side by side: a
  // transaction-scoped advisory lock on the held key makes those touching it take turns, taken
  // and followed by the read in one call of a function (migration 0019).
  const postgres = dialect === 'postgres';
  // Inside a SQLite transaction nothing else writes until it ends (one writer at a time, and
  // this store the one that writes the rows), so a row read once is known from then on: a
  // record after a check writes the row without reading it again.
  const known = !postgres && options.soleWriter ? new Map<string, number[]>() : undefined;
  const timesOf = async (bucket: string, key: string): Promise<number[]> => {
    const id = `${bucket}\n${key}`;
    const cached = known?.get(id);
    if (cached) return cached;
    const row = (await sqliteTimes(db, bucket, key)).rows[0];
    const times = row === undefined ? [] : (JSON.parse(row.times as string) as number[]);
    if (!known) return times;
    // A record of the key may have run while this read waited: its times are the newer.
    if (!known.has(id)) known.set(id, times);
    return known.get(id)!;
  };
  const sqliteRecord = async (bucket: string, key: string, at: number, keep: number) => {
    if (!known) return void (await sqliteMerge(db, bucket, key, at, keep));
    const id = `${bucket}\n${key}`;
    await timesOf(bucket, key);
    // Taken and replaced with no wait between, so records of one key in parallel all count.
    const times = withTime(known.get(id)!, at, keep);
    known.set(id, times);
    await sqlitePut(db, bucket, key, JSON.stringify(times));
  };
  const sqliteCount = async (bucket: string, key: string, since: number) => (await timesOf(bucket, key)).filter((t) => t > since).length;
  const countSince = async (bucket: string, key: string, since: number) =>
    postgres ? Number((await postgresCount(db, bucket, key, since)).rows[0]?.n ?? 0) : sqliteCount(bucket, key, since);
  const recordEach = async (keys: readonly { bucket: string; key: string }[], at: number, keep: number) => {
    if (keys.length === 0) return;
    if (postgres) {
      await postgresRecord(
        db,
        keys.map((k) => k.bucket),
        keys.map((k) => k.key),
        at,
        keep,
      );
      return;
    }
    for (const { bucket, key } of keys) await sqliteRecord(bucket, key, at, keep);
  };
  return {
    async holdNthNewest(held, since, nth, recordAt) {
      if (postgres) {
        const { rows } = await sql<{ pivot: string | null }>`select limit_window_hold_nth_newest(${held.bucket}, ${held.key}, ${since}, ${nth - 1}, ${recordAt ?? null}) as pivot`.execute(db);
        return rows[0]?.pivot == null ? undefined : Number(rows[0].pivot);
      }
      const pivot = (await timesOf(held.bucket, held.key)).filter((t) => t > since)[nth - 1];
      if (pivot === undefined && recordAt !== undefined) await sqliteRecord(held.bucket, held.key, recordAt, nth);
      return pivot;
    },
    async holdCounts(held, counted, since) {
      if (postgres) {
        const buckets = counted.map((c) => c.bucket);
        const keys = counted.map((c) => c.key);
        const { rows } = await sql<{ counts: Array<string | number> }>`select limit_window_hold_counts(${held.bucket}, ${held.key}, ${buckets}::text[], ${keys}::text[], ${since}) as counts`.execute(db);
        return (rows[0]?.counts ?? []).map(Number);
      }
      const counts: number[] = [];
      for (const { bucket, key } of counted) counts.push(await sqliteCount(bucket, key, since));
      return counts;
    },
    countSince,
    async record(bucket, key, at, keep) {
      await recordEach([{ bucket, key }], at, keep);
    },
    recordEach,
    async clear(bucket, key) {
      known?.delete(`${bucket}\n${key}`);
      await db.deleteFrom('limit_windows').where('bucket', '=', bucket).where('key', '=', key).execute();
    },
    async prune(before) {
      // A key whose newest time is older is forgotten; one whose oldest is, shortened. A scan
      // of the keys (no index on their times), once a housekeeping run.
      const [newest, oldest, shortened] = postgres
        ? [sql`times[1]`, sql`times[cardinality(times)]`, sql`array(select t from unnest(times) as t where t >= ${before} order by t desc)`]
        : [
            sql`json_extract(times, '$[0]')`,
            sql`json_extract(times, '$[#-1]')`,
            sql`(select json_group_array(value order by value desc) from json_each(times) where value >= ${before})`,
          ];
      const forgotten = await db.deleteFrom('limit_windows').where(newest, '<', before).executeTakeFirst();
      const trimmed = await db.updateTable('limit_windows').set({ times: shortened as never }).where(oldest, '<', before).executeTakeFirst();
      // What instances of the previous version wrote while an upgrade rolled (migration 0019).
      const previous = await db.deleteFrom('limit_events').where('at', '<', before).executeTakeFirst();
      return Number(forgotten.numDeletedRows) + Number(trimmed.numUpdatedRows) + Number(previous.numDeletedRows);
    },
  };
}
