import { sql, type Kysely, type Migration } from 'kysely';

// The pumping guard (issue 17): texts and redeemed codes per prefix and region by the minute,
// and the prefixes and regions it suspended. In the database, so instances sharing it count
// together and honour one suspension.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('guard_buckets')
      .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('prefix', 'region')`))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('minute', 'bigint', (c) => c.notNull())
      .addColumn('texts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('code_texts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('conversions', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('guard_buckets_pk', ['scope', 'key', 'minute'])
      .execute();
    await db.schema.createIndex('guard_buckets_minute').on('guard_buckets').column('minute').execute();
    await db.schema
      .createTable('guard_suspensions')
      .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('prefix', 'region')`))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('since', 'bigint', (c) => c.notNull())
      .addColumn('until', 'bigint', (c) => c.notNull())
      .addColumn('texts', 'integer', (c) => c.notNull())
      .addColumn('code_texts', 'integer', (c) => c.notNull())
      .addColumn('conversions', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('guard_suspensions_pk', ['scope', 'key'])
      .execute();
  },
};
