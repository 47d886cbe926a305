import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { createTestDatabase, postgresUnavailable } from '../../test/helpers/postgres.ts';
import { loadConfig } from '../config/load.ts';
import { openDispatcherStorage, openStorage } from './open-storage.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-open-storage-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'a test secret key of at least 32 characters', ...env });
const logger = pino({ level: 'silent' });

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

  it('has a PostgreSQL pool of its own, which answers while every connection of the shared pool is taken', async (t) => {
    const unavailable = await postgresUnavailable();
    if (unavailable) return t.skip(unavailable);
    const database = await createTestDatabase();
    const postgres = config({ DATABASE_URL: database.url });
    const storage = await openStorage(postgres, logger);
    const texts = await openDispatcherStorage(postgres, storage);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    try {
      assert.notEqual(texts, storage);
      // Twelve transactions against a pool of ten: every connection is held, two wait.
      const held = Array.from({ length: 12 }, () => storage.transaction(() => released));
      const queuedBehind = Promise.race([storage.outbox.operator.countByStatus().then(() => 'answered'), new Promise((r) => setTimeout(r, 300, 'waiting'))]);
      assert.equal(await queuedBehind, 'waiting', 'the shared pool is exhausted');
      assert.deepEqual(await texts.outbox.operator.countByStatus(), {});
      release();
      await Promise.all(held);
    } finally {
      release();
      await texts.close();
      await storage.close();
      await database.drop();
    }
  });

  it('has a connection for each text in flight on PostgreSQL (SMS_CONCURRENCY), and no more', async (t) => {
    const unavailable = await postgresUnavailable();
    if (unavailable) return t.skip(unavailable);
    const database = await createTestDatabase();
    const postgres = config({ DATABASE_URL: database.url, SMS_CONCURRENCY: '3' });
    const storage = await openStorage(postgres, logger);
    const texts = await openDispatcherStorage(postgres, storage);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    try {
      const held = Array.from({ length: 2 }, () => texts.transaction(() => released));
      // Two of three connections held: the third answers.
      assert.deepEqual(await texts.outbox.operator.countByStatus(), {});
      held.push(texts.transaction(() => released));
      const queuedBehind = Promise.race([texts.outbox.operator.countByStatus().then(() => 'answered'), new Promise((r) => setTimeout(r, 300, 'waiting'))]);
      assert.equal(await queuedBehind, 'waiting', 'all three held');
      release();
      await Promise.all(held);
    } finally {
      release();
      await texts.close();
      await storage.close();
      await database.drop();
    }
  });
});
