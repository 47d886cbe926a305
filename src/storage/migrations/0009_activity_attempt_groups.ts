import type { Kysely, Migration } from 'kysely';

// Attempts against an account (issue 17 item 8), one row per account, kind and UTC day holding
// a count: a flood of wrong codes or passwords adds to a count instead of pushing the holder's
// real events out of "recent activity". The unique key lets simultaneous attempts meet in one
// upsert. Decoy rows (no account: equal work for requests that matched nothing) never conflict,
// since NULLs are distinct in a unique key on both databases; they are pruned within the hour.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('activity_attempt_groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      // UTC day, YYYY-MM-DD.
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      // Distinct client addresses seen, counted up to a bound (see activity_attempt_addresses).
      .addColumn('addresses', 'integer', (c) => c.notNull())
      // The latest attempt's address and browser, as an individual event shows them.
      .addColumn('last_ip', 'text')
      .addColumn('last_user_agent', 'text')
      .addUniqueConstraint('activity_attempt_groups_key', ['account_id', 'kind', 'day'])
      .execute();
    await db.schema.createIndex('activity_attempt_groups_last_at').on('activity_attempt_groups').column('last_at').execute();
    // An HMAC of each distinct client address key (IPv4, or the IPv6 /64) of a group: the count
    // of addresses, never the addresses themselves.
    await db.schema
      .createTable('activity_attempt_addresses')
      .addColumn('group_id', 'text', (c) => c.notNull().references('activity_attempt_groups.id').onDelete('cascade'))
      .addColumn('address_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('activity_attempt_addresses_pk', ['group_id', 'address_key'])
      .execute();
  },
};
