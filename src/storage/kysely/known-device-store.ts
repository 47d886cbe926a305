import type { Kysely } from 'kysely';
import type { KnownDeviceStore } from '../../domain/sessions/known-devices.ts';
import type { Database } from '../database.ts';
import { prepared } from './prepared.ts';

// Read on every code request and password sign-in.
const findSince = prepared((db: Kysely<Database>, accountId: string, deviceKey: string, since: number) =>
  db.selectFrom('known_devices').select('last_seen_at').where('account_id', '=', accountId).where('device_key', '=', deviceKey).where('last_seen_at', '>=', since),
);

export function kyselyKnownDeviceStore(db: Kysely<Database>): KnownDeviceStore {
  return {
    async remember(accountId, deviceKey, at) {
      await db
        .insertInto('known_devices')
        .values({ account_id: accountId, device_key: deviceKey, first_seen_at: at, last_seen_at: at })
        .onConflict((oc) => oc.columns(['account_id', 'device_key']).doUpdateSet({ last_seen_at: at }))
        .execute();
    },
    async isKnown(accountId, deviceKey, since) {
      return (await findSince(db, accountId, deviceKey, since)).rows.length > 0;
    },
    async hasAny(accountId, since) {
      const row = await db.selectFrom('known_devices').select('account_id').where('account_id', '=', accountId).where('last_seen_at', '>=', since).limit(1).executeTakeFirst();
      return row !== undefined;
    },
    async prune(before) {
      const result = await db.deleteFrom('known_devices').where('last_seen_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
