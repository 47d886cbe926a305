import { sql, type Kysely, type Migration } from 'kysely';

// Mail through the same durable outbox as texts (issue 18): one table, two channels. A row's
// channel decides which dispatcher claims it; `subject` is a mail's (null for texts). The
// recipient column now holds an E.164 number or an email address, so it loses the E.164 name
// (RENAME COLUMN: SQLite 3.25+ and PostgreSQL alike). The channel's values are written out
// here, not imported: a migration does the same thing forever.
const CHANNELS = ['sms', 'mail'];

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const list = sql.join(CHANNELS.map((channel) => sql.lit(channel)));
    // A column CHECK on ADD COLUMN works on both databases, and SQLite checks the existing rows
    // against it (all 'sms' by the default), so no table rebuild is needed.
    await db.schema
      .alterTable('sms_outbox')
      .addColumn('channel', 'text', (c) => c.notNull().defaultTo('sms').check(sql`channel in (${list})`))
      .execute();
    await db.schema.alterTable('sms_outbox').addColumn('subject', 'text').execute();
    await db.schema.alterTable('sms_outbox').renameColumn('to_e164', 'recipient').execute();
    // Each dispatcher claims only its channel's due rows: the claim's index leads with it.
    await db.schema.createIndex('sms_outbox_channel_due').on('sms_outbox').columns(['channel', 'status', 'next_attempt_at']).execute();
    await db.schema.dropIndex('sms_outbox_due').execute();

    // The development mail inbox, as dev_sms_inbox is for texts.
    await db.schema
      .createTable('dev_mail_inbox')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dev_mail_inbox_seq').on('dev_mail_inbox').column('seq').execute();
    await db.schema.createIndex('dev_mail_inbox_to').on('dev_mail_inbox').columns(['to_address', 'seq']).execute();
  },
};
