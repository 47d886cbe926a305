import { sql, type Kysely } from 'kysely';
import type { LimitLogStore } from '../../domain/rate-limits/limit-log-store.ts';
import type { Database } from '../database.ts';
import type { Dialect } from './dialect.ts';
import { prepared, unread } from './prepared.ts';

// The limit checks and records run on every code request and code sign-in.
const nthNewest = prepared((db: Kysely<Database>, bucket: string, key: string, since: number, offset: number) =>
  db.selectFrom('limit_events').select('at').where('bucket', '=', bucket).where('key', '=', key).where('at', '>', since).orderBy('at', 'desc').limit(1).offset(offset),
);
const countSince = prepared((db: Kysely<Database>, bucket: string, key: string, since: number) =>
  db.selectFrom('limit_events').select((eb) => eb.fn.countAll().as('n')).where('bucket', '=', bucket).where('key', '=', key).where('at', '>', since),
);
const record = prepared((db: Kysely<Database>, bucket: string, key: string, at: number) => db.insertInto('limit_events').values({ bucket, key, at }), { unread: true });

export function kyselyLimitLogStore(db: Kysely<Database>, dialect: Dialect): LimitLogStore {
  // SQLite transactions take the database's write lock up front (BEGIN IMMEDIATE), so they are
  // serial already and a hold is the read alone. PostgreSQL runs them side by side: a
  // transaction-scoped advisory lock on the held key makes those touching it take turns, taken
  // and followed by the read in one call of a function (migration 0016).
  const postgres = dialect === 'postgres';
  return {
    async holdNthNewest(held, since, nth, recordAt) {
      if (postgres) {
        const { rows } = await sql<{ pivot: string | null }>`select limit_hold_nth_newest(${held.bucket}, ${held.key}, ${since}, ${nth - 1}, ${recordAt ?? null}) as pivot`.execute(db);
        return rows[0]?.pivot == null ? undefined : Number(rows[0].pivot);
      }
      const row = (await nthNewest(db, held.bucket, held.key, since, nth - 1)).rows[0];
      if (row === undefined && recordAt !== undefined) await record(db, held.bucket, held.key, recordAt);
      return row === undefined ? undefined : Number(row.at);
    },
    async holdCounts(held, counted, since) {
      if (postgres) {
        const buckets = counted.map((c) => c.bucket);
        const keys = counted.map((c) => c.key);
        const { rows } = await sql<{ counts: Array<string | number> }>`select limit_hold_counts(${held.bucket}, ${held.key}, ${buckets}::text[], ${keys}::text[], ${since}) as counts`.execute(db);
        return (rows[0]?.counts ?? []).map(Number);
      }
      const counts: number[] = [];
      for (const { bucket, key } of counted) counts.push(Number((await countSince(db, bucket, key, since)).rows[0]?.n ?? 0));
      return counts;
    },
    async countSince(bucket, key, since) {
      const row = (await countSince(db, bucket, key, since)).rows[0];
      return Number(row?.n ?? 0);
    },
    async record(bucket, key, at) {
      await record(db, bucket, key, at);
    },
    async recordEach(keys, at) {
      if (keys.length === 1) await record(db, keys[0]!.bucket, keys[0]!.key, at);
      else if (keys.length > 1) await db.executeQuery(unread(db.insertInto('limit_events').values(keys.map(({ bucket, key }) => ({ bucket, key, at }))).compile()));
    },
    async clear(bucket, key) {
      await db.deleteFrom('limit_events').where('bucket', '=', bucket).where('key', '=', key).execute();
    },
    async prune(before) {
      const result = await db.deleteFrom('limit_events').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
