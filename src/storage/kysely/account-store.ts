import type { Kysely } from 'kysely';
import type { Account, AccountStore } from '../../domain/accounts/account-store.ts';
import type { Database } from '../database.ts';
import { prepared } from './prepared.ts';
import { isUniqueViolation } from './errors.ts';

// Every code request, code sign-in and password sign-in looks one up.
const byEmail = prepared((db: Kysely<Database>, email: string) => db.selectFrom('accounts').selectAll().where('email', '=', email).where('disabled_at', 'is', null));

type Row = Database['accounts'];
const toAccount = (row: Row): Account => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  createdAt: Number(row.created_at),
  emailVerifiedAt: row.email_verified_at === null ? null : Number(row.email_verified_at),
  disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
});

export function kyselyAccountStore(db: Kysely<Database>): AccountStore {
  return {
    async insert(account) {
      try {
        await db
          .insertInto('accounts')
          .values({ id: account.id, email: account.email, password_hash: account.passwordHash, created_at: account.createdAt, email_verified_at: account.emailVerifiedAt, disabled_at: account.disabledAt ?? null })
          .execute();
        return 'created';
      } catch (error) {
        if (isUniqueViolation(error)) return 'email_taken';
        throw error;
      }
    },
    async findByEmail(email) {
      const row = (await byEmail(db, email)).rows[0];
      return row && toAccount(row);
    },
    async findAnyByEmail(email) {
      const row = await db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
      return row && toAccount(row);
    },
    async setDisabled(id, at) {
      const result = await db
        .updateTable('accounts')
        .set({ disabled_at: at })
        .where('id', '=', id)
        .where('disabled_at', at === null ? 'is not' : 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async markEmailVerified(id, at) {
      const result = await db.updateTable('accounts').set({ email_verified_at: at }).where('id', '=', id).where((eb) => eb.or([eb('email_verified_at', 'is', null), eb('email_verified_at', '=', 0)])).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async setPasswordHash(id, passwordHash) {
      await db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    },
    async changeEmail(id, email, verifiedAt) {
      try {
        await db.updateTable('accounts').set({ email, email_verified_at: verifiedAt }).where('id', '=', id).execute();
        return 'changed';
      } catch (error) {
        if (isUniqueViolation(error)) return 'email_taken';
        throw error;
      }
    },
    async deleteUnverifiedByEmail(email) {
      const result = await db.deleteFrom('accounts').where('email', '=', email).where('email_verified_at', 'is', null).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async deleteUnverifiedBefore(before) {
      const result = await db.deleteFrom('accounts').where('email_verified_at', 'is', null).where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async list(limit) {
      const rows = await db.selectFrom('accounts').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(toAccount);
    },
    async findById(id) {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAccount(row);
    },
  };
}
