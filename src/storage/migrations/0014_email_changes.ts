import type { Kysely, Migration } from 'kysely';

// Changing the email (issue 19): a change waits for the code mailed to its new address; once
// made, the old address holds a single-use undo link (only its HMAC is kept) for seven days,
// during which the old address stays reserved for the account.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('email_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('old_email', 'text', (c) => c.notNull())
      .addColumn('new_email', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      // Null while the change waits for its code.
      .addColumn('changed_at', 'bigint')
      .addColumn('undo_token_hmac', 'text', (c) => c.unique())
      .addColumn('undo_until', 'bigint')
      // Undone, replaced by a newer request, or voided by undoing an earlier change.
      .addColumn('ended_at', 'bigint')
      .execute();
    await db.schema.createIndex('email_changes_account').on('email_changes').columns(['account_id', 'requested_at']).execute();
    // The reservation check of every sign-up and change.
    await db.schema.createIndex('email_changes_old_email').on('email_changes').columns(['old_email', 'undo_until']).execute();
  },
};
