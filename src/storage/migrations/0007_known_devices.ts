import type { Kysely, Migration } from 'kysely';

// Browsers a person signed in on (issue 17): a stranger's requests then spend only the
// allowance unknown browsers share, never the one the holder's own browser keeps.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('known_devices')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('device_key', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('known_devices_pk', ['account_id', 'device_key'])
      .execute();
    await db.schema.createIndex('known_devices_last_seen').on('known_devices').column('last_seen_at').execute();
  },
};
