import type { Kysely } from 'kysely';
import type { LimitLogStore } from '../../domain/rate-limits/limit-log-store.ts';
import type { Database } from '../database.ts';

export function kyselyLimitLogStore(db: Kysely<Database>): LimitLogStore {
  return {
    async nthNewestSince(bucket, key, since, nth) {
      const row = await db
        .selectFrom('limit_events')
        .select('at')
        .where('bucket', '=', bucket)
        .where('key', '=', key)
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .limit(1)
        .offset(nth - 1)
        .executeTakeFirst();
      return row === undefined ? undefined : Number(row.at);
    },
    async record(bucket, key, at) {
      await db.insertInto('limit_events').values({ bucket, key, at }).execute();
    },
    async prune(before) {
      const result = await db.deleteFrom('limit_events').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
