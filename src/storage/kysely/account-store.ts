import type { Kysely } from 'kysely';
import type { Account, AccountStore } from '../../domain/accounts/account-store.ts';
import type { Database } from '../database.ts';
import { isUniqueViolation } from './errors.ts';

type Row = Database['accounts'];
const toAccount = (row: Row): Account => ({
  id: row.id,
  email: row.email,
  passwordHash: row.password_hash,
  createdAt: Number(row.created_at),
});

export function kyselyAccountStore(db: Kysely<Database>): AccountStore {
  return {
    async insert(account) {
      try {
        await db
          .insertInto('accounts')
          .values({ id: account.id, email: account.email, password_hash: account.passwordHash, created_at: account.createdAt })
          .execute();
        return 'created';
      } catch (error) {
        if (isUniqueViolation(error)) return 'email_taken';
        throw error;
      }
    },
    async findByEmail(email) {
      const row = await db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
      return row && toAccount(row);
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
