import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { storageContract } from '../contract/storage-contract.ts';
import { openPostgres } from './open-postgres.ts';

const skip = await postgresUnavailable();
let database: TestDatabase | undefined;

const tables = ['oidc_consents', 'oidc_payloads', 'oidc_signing_keys', 'oidc_clients', 'activity_events', 'sms_attempts', 'dev_sms_inbox', 'sms_outbox', 'limit_events', 'sessions', 'one_time_codes', 'phones', 'accounts'];

/** The contract wants an empty database per case: one database per file, emptied each time. */
async function openEmpty() {
  if (!database) throw new Error('no test database');
  const storage = await openPostgres(database.url, { poolSize: 20 });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`truncate ${tables.join(', ')}`);
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

  storageContract('PostgreSQL', openEmpty);

  it('migrates once when several instances start together', async () => {
    const storages = await Promise.all([1, 2, 3].map(() => openPostgres(database!.url)));
    await Promise.all(storages.map((s) => s.ping()));
    await Promise.all(storages.map((s) => s.close()));
  });

  it('returns times as numbers, not the strings pg gives for bigint', async () => {
    const storage = await openEmpty();
    try {
      await storage.limits.record('bucket', 'key', 1_790_000_000_123);
      assert.equal(await storage.limits.nthNewestSince('bucket', 'key', 0, 1), 1_790_000_000_123);
    } finally {
      await storage.close();
    }
  });
});
