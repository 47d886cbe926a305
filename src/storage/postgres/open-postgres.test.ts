import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { guardContract } from '../contract/guard-contract.ts';
import { storageContract } from '../contract/storage-contract.ts';
import type { Storage } from '../storage.ts';
import { openPostgres } from './open-postgres.ts';

const skip = await postgresUnavailable();
let database: TestDatabase | undefined;

/** The contract wants an empty database per case: one database per file, emptied each time. */
async function openEmpty(options: { preparedQueries?: boolean; guardAsyncCommit?: boolean } = {}) {
  if (!database) throw new Error('no test database');
  const storage = await openPostgres(database.url, { poolSize: 20, ...options });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // Every table the migrations made, so a new store's table is emptied without a list to keep.
  const { rows } = await client.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%'",
  );
  await client.query(`truncate ${rows.map((row) => `"${row.tablename}"`).join(', ')} cascade`);
  await client.end();
  return storage;
}

describe('PostgreSQL storage', { skip }, () => {
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  storageContract('PostgreSQL', () => openEmpty());
  // PREPARED_QUERIES off: every statement built anew and sent unnamed; the same contract holds.
  storageContract('PostgreSQL with every query built anew', () => openEmpty({ preparedQueries: false }));

  // GUARD_ASYNC_COMMIT (the service's default): the guard's counting statements differ, its contract does not.
  describe('with the pumping guard counting without waiting for the flush', () => {
    let current: Storage | undefined;
    beforeEach(async () => {
      current = await openEmpty({ guardAsyncCommit: true });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    guardContract(() => {
      if (!current) throw new Error('no storage');
      return current;
    });

    it('turns synchronous_commit off for the counting statement alone, never for what the connection runs next', async () => {
      const client = new pg.Client({ connectionString: database!.url });
      await client.connect();
      try {
        // The shape of the guard's statements: the setting made in the statement's own transaction.
        await client.query(
          "with added as (insert into guard_buckets (scope, key, minute, texts, code_texts, conversions) values ('prefix', '+4670111', 0, 1, 1, 0)) select set_config('synchronous_commit', 'off', true)",
        );
        assert.equal((await client.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]?.synchronous_commit, 'on');
      } finally {
        await client.end();
      }
    });
  });

  it('keeps answering while another version adds a column to a table it has statements prepared on', async () => {
    const storage = await openEmpty();
    const account = { id: '0195f3a0-0000-7000-8000-000000000001', email: 'anna@example.se', passwordHash: 'x', createdAt: 1, emailVerifiedAt: 1 };
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      await storage.accounts.insert(account);
      // Each connection of the pool prepares the statements it runs: run them on all of them.
      const reads = () => Promise.all(Array.from({ length: 20 }, () => Promise.all([storage.accounts.findByEmail(account.email), storage.accounts.findById(account.id)])));
      await reads();
      // What a newer version's migration does while this one still runs (docs/operations.md, "Upgrades").
      await client.query('alter table accounts add column added_by_a_newer_version text');
      for (const [byEmail, byId] of await reads()) {
        assert.equal(byEmail?.id, account.id);
        assert.equal(byId?.email, account.email);
      }
    } finally {
      await client.query('alter table accounts drop column if exists added_by_a_newer_version');
      await client.end();
      await storage.close();
    }
  });

  it('migrates once when several instances start together', async () => {
    const storages = await Promise.all([1, 2, 3].map(() => openPostgres(database!.url)));
    await Promise.all(storages.map((s) => s.ping()));
    await Promise.all(storages.map((s) => s.close()));
  });

  it('returns times as numbers, not the strings pg gives for bigint', async () => {
    const storage = await openEmpty();
    try {
      await storage.limits.record('bucket', 'key', 1_790_000_000_123);
      assert.equal(await storage.limits.holdNthNewest({ bucket: 'bucket', key: 'key' }, 0, 1), 1_790_000_000_123);
    } finally {
      await storage.close();
    }
  });
});
