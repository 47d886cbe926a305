import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import pino from 'pino';
import { createTestDatabase, postgresUnavailable } from '../../test/helpers/postgres.ts';
import { loadConfig } from '../config/load.ts';
import { openDispatcherStorage, openStorage } from './open-storage.ts';
import type { Storage } from './storage.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-open-storage-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'a test secret key of at least 32 characters', ...env });
const logger = pino({ level: 'silent' });

/**
 * The service's storage and the dispatcher's on a PostgreSQL database of their own; `hold(on, n)`
 * keeps n of a pool's connections in open transactions until `check` ends.
 */
async function onPostgres(
  t: TestContext,
  env: Record<string, string>,
  check: (pools: { storage: Storage; texts: Storage; hold: (on: Storage, n: number) => void }) => Promise<void>,
): Promise<void> {
  const unavailable = await postgresUnavailable();
  if (unavailable) return t.skip(unavailable);
  const database = await createTestDatabase();
  const postgres = config({ DATABASE_URL: database.url, ...env });
  const storage = await openStorage(postgres, logger);
  const texts = await openDispatcherStorage(postgres, storage);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: Promise<unknown>[] = [];
  try {
    await check({ storage, texts, hold: (on, n) => held.push(...Array.from({ length: n }, () => on.transaction(() => released))) });
  } finally {
    release();
    await Promise.all(held);
    await texts.close();
    await storage.close();
    await database.drop();
  }
}

/** 'waiting' when a query on `on` gets no connection within 300 ms. */
const queuedBehind = (on: Storage) => Promise.race([on.outbox.operator.countByStatus().then(() => 'answered'), new Promise((r) => setTimeout(r, 300, 'waiting'))]);

describe("the in-process SMS dispatcher's database", () => {
  it('is the one SQLite storage itself', async () => {
    const sqlite = config();
    const storage = await openStorage(sqlite, logger);
    try {
      assert.equal(await openDispatcherStorage(sqlite, storage), storage);
    } finally {
      await storage.close();
    }
  });

  it('has a PostgreSQL pool of its own, which answers while every connection of the shared pool is taken', (t) =>
    onPostgres(t, {}, async ({ storage, texts, hold }) => {
      assert.notEqual(texts, storage);
      // Twelve transactions against a pool of ten: every connection is held, two wait.
      hold(storage, 12);
      assert.equal(await queuedBehind(storage), 'waiting', 'the shared pool is exhausted');
      assert.deepEqual(await texts.outbox.operator.countByStatus(), {});
    }));

  it('has a connection for each text in flight on PostgreSQL (SMS_CONCURRENCY), and no more', (t) =>
    onPostgres(t, { SMS_CONCURRENCY: '3' }, async ({ texts, hold }) => {
      hold(texts, 2);
      // Two of three connections held: the third answers.
      assert.deepEqual(await texts.outbox.operator.countByStatus(), {});
      hold(texts, 1);
      assert.equal(await queuedBehind(texts), 'waiting', 'all three held');
    }));
});
