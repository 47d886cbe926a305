import type { Kysely } from 'kysely';
import type { ActivityEvent, ActivityKind, ActivityStore } from '../../domain/activity/activity-store.ts';
import { preparedInsert } from './prepared.ts';
import type { Database } from '../database.ts';

// Every code request and sign-in writes one.
const insertEvent = preparedInsert('activity_events');

export function kyselyActivityStore(db: Kysely<Database>): ActivityStore {
  return {
    async insert(event) {
      await insertEvent(db, {
        id: event.id,
        account_id: event.accountId,
        kind: event.kind,
        at: event.at,
        ip: event.ip,
        user_agent: event.userAgent,
        detail: JSON.stringify(event.detail),
      });
    },
    async listByAccount(accountId, limit) {
      const rows = await db
        .selectFrom('activity_events')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(
        (row): ActivityEvent => ({
          id: row.id,
          accountId: row.account_id,
          kind: row.kind as ActivityKind,
          at: Number(row.at),
          ip: row.ip,
          userAgent: row.user_agent,
          detail: JSON.parse(row.detail) as Record<string, string>,
        }),
      );
    },
    async prune(before, decoysBefore) {
      const old = await db.deleteFrom('activity_events').where('at', '<', before).executeTakeFirst();
      const decoys = await db
        .deleteFrom('activity_events')
        .where('account_id', 'is', null)
        .where('at', '<', decoysBefore)
        .executeTakeFirst();
      return Number(old.numDeletedRows) + Number(decoys.numDeletedRows);
    },
  };
}
