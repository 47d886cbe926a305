import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { GuardStore } from '../../domain/code-delivery/pumping-guard.ts';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { guardContract } from '../contract/guard-contract.ts';
import { storageContract } from '../contract/storage-contract.ts';
import type { Database } from '../database.ts';
import { kyselyGuardStore } from '../kysely/guard-store.ts';
import type { Storage } from '../storage.ts';
import { openPostgres } from './open-postgres.ts';

const skip = await postgresUnavailable();
let database: TestDatabase | undefined;

/** The contract wants an empty database per case: one database per file, emptied each time. */
async function openEmpty(options: { preparedQueries?: boolean; guardAsyncCommit?: boolean; pipeline?: boolean } = {}) {
  if (!database) throw new Error('no test database');
  const storage = await openPostgres(database.url, { poolSize: 20, ...options });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // Every table the migrations made, so a new store's table is emptied without a list to keep.
  const { rows } = await client.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%'",
  );
  // delete, not truncate: a case leaves a few rows, and truncate makes every table's files anew
  // (some 160 ms a case against 3). Every foreign key cascades, so the order does not matter.
  await client.query(`begin; ${rows.map((row) => `delete from "${row.tablename}";`).join(' ')} commit`);
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
  // POSTGRES_PIPELINE off: every statement waits for its answer, in Kysely's own transactions.
  storageContract('PostgreSQL without pipelining', () => openEmpty({ pipeline: false }));

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

    it("turns synchronous_commit off for a counting statement's own transaction, never for what the connection runs next", async () => {
      // One connection, so the statement after a count runs where the count ran.
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database!.url, max: 1 }) }) });
      const setting = async (on: Kysely<Database>) => (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(on)).rows[0]?.synchronous_commit;
      const place = { prefix: '+4670111', region: 'SE' };
      const text = { texts: 1, codeTexts: 1, conversions: 0 };
      try {
        // Inside a transaction the setting shows: each counting statement makes it for its transaction.
        const counts: Array<(guard: GuardStore) => Promise<unknown>> = [(guard) => guard.add(place, 0, text), (guard) => guard.addAndTally(place, 0, text, -1)];
        for (const count of counts) {
          await db.transaction().execute(async (trx) => {
            assert.equal(await setting(trx), 'on');
            await count(kyselyGuardStore(trx, 'postgres', { asyncCommit: true }));
            assert.equal(await setting(trx), 'off');
          });
        }
        // On its own, as the service runs it: the connection's next statement is back to waiting.
        const guard = kyselyGuardStore(db, 'postgres', { asyncCommit: true });
        await guard.add(place, 0, text);
        assert.equal(await setting(db), 'on');
        assert.deepEqual((await guard.tally(place, -1)).prefix, { texts: 3, codeTexts: 3, conversions: 0 }, 'every count committed');
      } finally {
        await db.destroy();
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
      await storage.limits.record('bucket', 'key', 1_790_000_000_123, 10);
      assert.equal(await storage.limits.holdNthNewest({ bucket: 'bucket', key: 'key' }, 0, 1), 1_790_000_000_123);
    } finally {
      await storage.close();
    }
  });
});
