import type { Kysely } from 'kysely';
import type { GuardScope, GuardStore, GuardSuspension } from '../../domain/code-delivery/pumping-guard.ts';
import type { Database } from '../database.ts';
import { prepared } from './prepared.ts';

// Every text and every redeemed code runs these: built once (prepared.ts).
const add = prepared((db: Kysely<Database>, scope: string, key: string, minute: number, texts: number, codeTexts: number, conversions: number) =>
  db
    .insertInto('guard_buckets')
    .values({ scope, key, minute, texts, code_texts: codeTexts, conversions })
    // One row per key and minute, added to in place: no read-then-write to race.
    .onConflict((oc) =>
      oc.columns(['scope', 'key', 'minute']).doUpdateSet((eb) => ({
        texts: eb('guard_buckets.texts', '+', eb.ref('excluded.texts')),
        code_texts: eb('guard_buckets.code_texts', '+', eb.ref('excluded.code_texts')),
        conversions: eb('guard_buckets.conversions', '+', eb.ref('excluded.conversions')),
      })),
    ),
);
const tally = prepared((db: Kysely<Database>, scope: string, key: string, since: number) =>
  db
    .selectFrom('guard_buckets')
    .select((eb) => [eb.fn.sum<number | string | null>('texts').as('texts'), eb.fn.sum<number | string | null>('code_texts').as('code_texts'), eb.fn.sum<number | string | null>('conversions').as('conversions')])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('minute', '>', since),
);
const suspended = prepared((db: Kysely<Database>, prefix: string, region: string, now: number) =>
  db
    .selectFrom('guard_suspensions')
    .select('scope')
    .where((eb) => eb.or([eb.and([eb('scope', '=', 'prefix'), eb('key', '=', prefix)]), eb.and([eb('scope', '=', 'region'), eb('key', '=', region)])]))
    .where('until', '>', now),
);

const toSuspension = (row: Database['guard_suspensions']): GuardSuspension => ({
  scope: row.scope as GuardScope,
  key: row.key,
  since: Number(row.since),
  until: Number(row.until),
  tally: { texts: Number(row.texts), codeTexts: Number(row.code_texts), conversions: Number(row.conversions) },
});

export function kyselyGuardStore(db: Kysely<Database>): GuardStore {
  return {
    async add(scope, key, minute, counts) {
      await add(db, scope, key, minute, counts.texts, counts.codeTexts, counts.conversions);
    },
    async tally(scope, key, since) {
      const row = (await tally(db, scope, key, since)).rows[0];
      // SUM is null over no rows, and a string (bigint) on PostgreSQL.
      return { texts: Number(row?.texts ?? 0), codeTexts: Number(row?.code_texts ?? 0), conversions: Number(row?.conversions ?? 0) };
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
