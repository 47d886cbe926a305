import type { Kysely, Migration } from 'kysely';

// Operators disable an account (issue 19, `engangskod users disable`): it then cannot sign in
// or get codes, and every answer about it looks like one about an unknown address.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('accounts').addColumn('disabled_at', 'bigint').execute();
  },
};
