import { sql, type Kysely, type Migration } from 'kysely';

// Proven addresses (issue 18): an account whose address is not yet proven cannot sign in and
// is removed after a day. Accounts from before were never asked to prove theirs: 0 marks them,
// so they keep signing in while OpenID Connect still says the address is unproven.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('accounts').addColumn('email_verified_at', 'bigint').execute();
    await sql`UPDATE accounts SET email_verified_at = 0`.execute(db);
    await db.schema.createIndex('accounts_unverified_created').on('accounts').columns(['email_verified_at', 'created_at']).execute();
  },
};
