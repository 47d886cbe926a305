import { sql, type Kysely, type Migration } from 'kysely';

// Proven addresses (issue 18): an account whose address is not yet proven cannot sign in and
// is removed after a day. Accounts from before were never asked to prove theirs: they keep
// working as proven, from their creation.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('accounts').addColumn('email_verified_at', 'bigint').execute();
    await sql`UPDATE accounts SET email_verified_at = created_at`.execute(db);
    await db.schema.createIndex('accounts_unverified_created').on('accounts').columns(['email_verified_at', 'created_at']).execute();
  },
};
