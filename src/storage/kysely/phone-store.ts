import type { Kysely } from 'kysely';
import type { Phone, PhoneStore } from '../../domain/security-info/phone-store.ts';
import type { Database } from '../database.ts';
import { prepared } from './prepared.ts';
import { isUniqueViolation } from './errors.ts';

// Every code request looks one up.
const verifiedNumber = prepared((db: Kysely<Database>, accountId: string, e164: string) =>
  db.selectFrom('phones').selectAll().where('account_id', '=', accountId).where('e164', '=', e164).where('verified_at', 'is not', null),
);

type Row = Database['phones'];
const toPhone = (row: Row): Phone => ({
  id: row.id,
  accountId: row.account_id,
  region: row.region,
  e164: row.e164,
  verifiedAt: row.verified_at === null ? null : Number(row.verified_at),
  createdAt: Number(row.created_at),
});

export function kyselyPhoneStore(db: Kysely<Database>): PhoneStore {
  return {
    async listByAccount(accountId) {
      const rows = await db
        .selectFrom('phones')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toPhone);
    },
    async find(accountId, phoneId) {
      const row = await db
        .selectFrom('phones')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', phoneId)
        .executeTakeFirst();
      return row && toPhone(row);
    },
    async findVerified(accountId, e164) {
      const row = (await verifiedNumber(db, accountId, e164)).rows[0];
      return row && toPhone(row);
    },
    async insert(phone) {
      try {
        await db
          .insertInto('phones')
          .values({
            id: phone.id,
            account_id: phone.accountId,
            region: phone.region,
            e164: phone.e164,
            verified_at: phone.verifiedAt,
            created_at: phone.createdAt,
          })
          .execute();
        return 'created';
      } catch (error) {
        if (isUniqueViolation(error)) return 'duplicate';
        throw error;
      }
    },
    async markVerified(phoneId, at) {
      await db.updateTable('phones').set({ verified_at: at }).where('id', '=', phoneId).where('verified_at', 'is', null).execute();
    },
    async remove(accountId, phoneId) {
      const result = await db.deleteFrom('phones').where('account_id', '=', accountId).where('id', '=', phoneId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
