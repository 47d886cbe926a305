import { sql, type Kysely } from 'kysely';
import type { LimitLogStore } from '../../domain/rate-limits/limit-log-store.ts';
import type { Database } from '../database.ts';
import type { Dialect } from './dialect.ts';
import { prepared } from './prepared.ts';

// The limit checks and records run on every code request and code sign-in.
const nthNewest = prepared((db: Kysely<Database>, bucket: string, key: string, since: number, offset: number) =>
  db.selectFrom('limit_events').select('at').where('bucket', '=', bucket).where('key', '=', key).where('at', '>', since).orderBy('at', 'desc').limit(1).offset(offset),
);
const countSince = prepared((db: Kysely<Database>, bucket: string, key: string, since: number) =>
  db.selectFrom('limit_events').select((eb) => eb.fn.countAll().as('n')).where('bucket', '=', bucket).where('key', '=', key).where('at', '>', since),
);
const record = prepared((db: Kysely<Database>, bucket: string, key: string, at: number) => db.insertInto('limit_events').values({ bucket, key, at }));

export function kyselyLimitLogStore(db: Kysely<Database>, dialect: Dialect): LimitLogStore {
  return {
    async serialize(bucket, key) {
      // SQLite transactions take the database's write lock up front (BEGIN IMMEDIATE), so they
      // are serial already. PostgreSQL runs them side by side: a transaction-scoped advisory
      // lock on the key makes those touching the same key take turns.
      if (dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtextextended(${`${bucket}:${key}`}, 0))`.execute(db);
      }
    },
    async nthNewestSince(bucket, key, since, nth) {
      const row = (await nthNewest(db, bucket, key, since, nth - 1)).rows[0];
      return row === undefined ? undefined : Number(row.at);
    },
    async countSince(bucket, key, since) {
      const row = (await countSince(db, bucket, key, since)).rows[0];
      return Number(row?.n ?? 0);
    },
    async record(bucket, key, at) {
      await record(db, bucket, key, at);
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
