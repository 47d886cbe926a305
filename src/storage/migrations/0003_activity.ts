import type { Kysely, Migration } from 'kysely';

// "Recent activity" (issue 5). Decoy rows (no account) mirror the rows a code request
// that matched writes, so a match and a miss take the same time; they are pruned within the hour.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('activity_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('activity_events_account').on('activity_events').columns(['account_id', 'at']).execute();
    await db.schema.createIndex('activity_events_at').on('activity_events').column('at').execute();
  },
};
