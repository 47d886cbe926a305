import type { Kysely, Migration } from 'kysely';

// Failover, delivery reports and a record of every attempt (issue 4). No foreign key from
// attempts to the outbox, so either table can be emptied on its own (tests truncate).
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sms_outbox').addColumn('transport_index', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('sms_outbox').addColumn('claimed_from', 'text').execute();
    await db.schema.alterTable('sms_outbox').addColumn('failover_at', 'bigint').execute();
    await db.schema.alterTable('sms_outbox').addColumn('reported_at', 'bigint').execute();
    await db.schema.createIndex('sms_outbox_failover').on('sms_outbox').columns(['status', 'failover_at']).execute();
    await db.schema.createIndex('sms_outbox_created').on('sms_outbox').column('created_at').execute();

    await db.schema
      .createTable('sms_attempts')
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('transport', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('outcome', 'text')
      .addColumn('error', 'text')
      .addColumn('gateway_id', 'text')
      .addColumn('report_status', 'text')
      .addColumn('reported_at', 'bigint')
      .addPrimaryKeyConstraint('sms_attempts_pk', ['message_id', 'attempt'])
      .execute();
    await db.schema.createIndex('sms_attempts_gateway').on('sms_attempts').columns(['transport', 'gateway_id']).execute();
  },
};
