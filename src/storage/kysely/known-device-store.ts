import { sql, type Kysely } from 'kysely';
import type { KnownDeviceStore } from '../../domain/sessions/known-devices.ts';
import type { Database } from '../database.ts';
import { prepared, unread } from './prepared.ts';

/** Whether `deviceKey`, and how many browsers, signed in to an account since `since`: one row however many (an account has a few). */
const seenSince = (db: Kysely<Database>, deviceKey: string, since: number) =>
  db
    .selectFrom('known_devices')
    .select((eb) => [sql<number | null>`max(case when device_key = ${deviceKey} then 1 else 0 end)`.as('known'), eb.fn.countAll<number | string>().as('browsers')])
    .where('last_seen_at', '>=', since);

// Read on every code request (by the account's email, beside the account itself) and sign-in.
const lookup = prepared((db: Kysely<Database>, accountId: string, deviceKey: string, since: number) =>
  seenSince(db, deviceKey, since).where('account_id', '=', accountId),
);
const lookupByEmail = prepared((db: Kysely<Database>, email: string, deviceKey: string, since: number) =>
  seenSince(db, deviceKey, since).where('account_id', '=', (eb) => eb.selectFrom('accounts').select('id').where('email', '=', email).where('disabled_at', 'is', null)),
);

const standingOf = (row: { known: number | null; browsers: number | string } | undefined) => ({ known: Number(row?.known ?? 0) === 1, anyKnown: Number(row?.browsers ?? 0) > 0 });

export function kyselyKnownDeviceStore(db: Kysely<Database>): KnownDeviceStore {
  return {
    async remember(accountId, deviceKey, at) {
      const upsert = db
        .insertInto('known_devices')
        .values({ account_id: accountId, device_key: deviceKey, first_seen_at: at, last_seen_at: at })
        .onConflict((oc) => oc.columns(['account_id', 'device_key']).doUpdateSet({ last_seen_at: at }));
      await db.executeQuery(unread(upsert.compile()));
    },
    async lookup(accountId, deviceKey, since) {
      return standingOf((await lookup(db, accountId, deviceKey, since)).rows[0]);
    },
    async lookupByEmail(email, deviceKey, since) {
      return standingOf((await lookupByEmail(db, email, deviceKey, since)).rows[0]);
    },
    async prune(before) {
      const result = await db.deleteFrom('known_devices').where('last_seen_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
