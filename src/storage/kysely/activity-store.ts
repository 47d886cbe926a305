import { sql, type Kysely } from 'kysely';
import type { ActivityEvent, ActivityKind, ActivityStore, AttemptGroup, AttemptKind } from '../../domain/activity/activity-store.ts';
import { preparedInsert, unread } from './prepared.ts';
import type { Database } from '../database.ts';
import type { Dialect } from './dialect.ts';

// Every code request and sign-in writes one.
const insertEvent = preparedInsert('activity_events', { unread: true });

export function kyselyActivityStore(db: Kysely<Database>, dialect: Dialect): ActivityStore {
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
    async recordAttempt(attempt, maxAddresses) {
      if (dialect === 'postgres') {
        // The statements below in one call of a function (migration 0017), which answers nothing:
        // a transaction sends it without waiting, as it sends a match's activity row.
        const { newGroupId, accountId, kind, day, at, addressKey, ip, userAgent } = attempt;
        await db.executeQuery(
          unread(sql`select activity_record_attempt(${newGroupId}, ${accountId}, ${kind}, ${day}, ${at}, ${addressKey}, ${ip}, ${userAgent}, ${maxAddresses})`.compile(db)),
        );
        return;
      }
      // The same statements as that function (change both): one opens the group or adds to it,
      // so a day never gets two groups of one kind.
      const group = await db
        .insertInto('activity_attempt_groups')
        .values({
          id: attempt.newGroupId,
          account_id: attempt.accountId,
          kind: attempt.kind,
          day: attempt.day,
          count: 1,
          first_at: attempt.at,
          last_at: attempt.at,
          addresses: 0,
          last_ip: attempt.ip,
          last_user_agent: attempt.userAgent,
        })
        .onConflict((oc) =>
          oc.columns(['account_id', 'kind', 'day']).doUpdateSet((eb) => ({
            count: eb('activity_attempt_groups.count', '+', 1),
            // Attempts can commit out of order; the times still bracket them all.
            first_at: eb.case().when('excluded.first_at', '<', eb.ref('activity_attempt_groups.first_at')).then(eb.ref('excluded.first_at')).else(eb.ref('activity_attempt_groups.first_at')).end(),
            last_at: eb.case().when('excluded.last_at', '>', eb.ref('activity_attempt_groups.last_at')).then(eb.ref('excluded.last_at')).else(eb.ref('activity_attempt_groups.last_at')).end(),
            last_ip: eb.ref('excluded.last_ip'),
            last_user_agent: eb.ref('excluded.last_user_agent'),
          })),
        )
        .returning(['id', 'addresses'])
        .executeTakeFirstOrThrow();
      if (attempt.addressKey === null || Number(group.addresses) >= maxAddresses) return;
      const added = await db
        .insertInto('activity_attempt_addresses')
        .values({ group_id: group.id, address_key: attempt.addressKey })
        .onConflict((oc) => oc.columns(['group_id', 'address_key']).doNothing())
        .returning('group_id')
        .execute();
      if (added.length > 0) {
        await db.updateTable('activity_attempt_groups').set((eb) => ({ addresses: eb('addresses', '+', 1) })).where('id', '=', group.id).execute();
      }
    },
    async listAttemptGroups(accountId, since, limit) {
      const rows = await db
        .selectFrom('activity_attempt_groups')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('last_at', '>=', since)
        .orderBy('last_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(
        (row): AttemptGroup => ({
          id: row.id,
          accountId: row.account_id,
          kind: row.kind as AttemptKind,
          day: row.day,
          count: Number(row.count),
          firstAt: Number(row.first_at),
          lastAt: Number(row.last_at),
          addresses: Number(row.addresses),
          ip: row.last_ip,
          userAgent: row.last_user_agent,
        }),
      );
    },
    async pruneAttemptGroups(before, decoysBefore) {
      // Their addresses go with them (ON DELETE CASCADE).
      const old = await db.deleteFrom('activity_attempt_groups').where('last_at', '<', before).executeTakeFirst();
      const decoys = await db
        .deleteFrom('activity_attempt_groups')
        .where('account_id', 'is', null)
        .where('last_at', '<', decoysBefore)
        .executeTakeFirst();
      return Number(old.numDeletedRows) + Number(decoys.numDeletedRows);
    },
  };
}
