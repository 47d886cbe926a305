import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { storageContract } from '../contract/storage-contract.ts';
import type { Database } from '../database.ts';
import { kyselyOutboxQueueStore } from '../kysely/outbox-queue-store.ts';
import { migrationProvider } from '../migrations/index.ts';
import { openSqlite } from './open-sqlite.ts';

const folders: string[] = [];
/** A database file that does not exist yet, in a folder removed when the tests end. */
const freshPath = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'engangskod-sqlite-'));
  folders.push(folder);
  return join(folder, 'nested', 'engangskod.sqlite');
};
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

storageContract('SQLite', () => openSqlite(freshPath()));
// Each piece of performance machinery off (SQLITE_GROUP_COMMIT, PREPARED_QUERIES): the same contract holds.
storageContract('SQLite without group commit', () => openSqlite(freshPath(), { groupCommit: false }));
storageContract('SQLite with every query built anew', () => openSqlite(freshPath(), { preparedQueries: false }));

/**
 * The connection openSqlite made, caught as it sets its pragmas: synchronous and
 * foreign_keys belong to a connection, so a second one would not show them.
 */
async function openCapturingConnection(path: string) {
  const original = SQLite.prototype.pragma;
  const connections = new Set<SQLite.Database>();
  SQLite.prototype.pragma = function (this: SQLite.Database, ...args: Parameters<typeof original>) {
    connections.add(this);
    return original.apply(this, args);
  };
  try {
    const storage = await openSqlite(path);
    const [connection, ...others] = connections;
    if (!connection || others.length > 0) throw new Error(`expected one connection, saw ${connections.size}`);
    return { storage, connection };
  } finally {
    SQLite.prototype.pragma = original;
  }
}

const anAccountRow = () => account();
const account = () => ({ id: randomUUID(), email: `${randomUUID()}@example.se`, passwordHash: 'hash', createdAt: Date.UTC(2026, 0, 1), emailVerifiedAt: Date.UTC(2026, 0, 1), disabledAt: null });

describe('opening a SQLite database', () => {
  it('creates the folder and uses WAL, synchronous=NORMAL and enforced foreign keys', async () => {
    const { storage, connection } = await openCapturingConnection(freshPath());
    try {
      assert.equal(connection.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(connection.pragma('synchronous', { simple: true }), 1, 'NORMAL');
      assert.equal(connection.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(storage.dialect, 'sqlite');
      await storage.ping();
    } finally {
      await storage.close();
    }
  });

  it('refuses a row that points at a missing account, because foreign keys are enforced', async () => {
    const storage = await openSqlite(freshPath());
    try {
      await assert.rejects(
        storage.phones.insert({ id: randomUUID(), accountId: randomUUID(), region: 'SE', e164: '+46701234567', verifiedAt: null, createdAt: 0 }),
        /FOREIGN KEY/,
      );
    } finally {
      await storage.close();
    }
  });

  it('keeps the WAL journal in the file, for every later connection', async () => {
    const path = freshPath();
    await (await openSqlite(path)).close();
    const reader = new SQLite(path, { readonly: true });
    try {
      assert.equal(reader.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      reader.close();
    }
  });

  it('opens the same file again without re-running migrations or losing data', async () => {
    const path = freshPath();
    const anna = account();
    const first = await openSqlite(path);
    await first.accounts.insert(anna);
    await first.close();

    const second = await openSqlite(path);
    try {
      assert.deepEqual(await second.accounts.findById(anna.id), anna);
    } finally {
      await second.close();
    }
    const raw = new SQLite(path, { readonly: true });
    try {
      const applied = raw.prepare('select name from kysely_migration order by name').pluck().all();
      // Each migration recorded once, however often the file was opened.
      assert.deepEqual(applied, Object.keys(await migrationProvider.getMigrations()).sort());
    } finally {
      raw.close();
    }
  });

  it('names the account and website of grants and tokens written before 0005, so withdrawing a consent ends them too', async () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
    await new Migrator({ db, provider: migrationProvider }).migrateTo('0004_oidc');
    const row = (model: string, id: string, payload: object) => ({ model, id, payload: JSON.stringify(payload), grant_id: null, user_code: null, uid: null, expires_at: null, consumed_at: null });
    await (db as Kysely<{ oidc_payloads: ReturnType<typeof row> }>)
      .insertInto('oidc_payloads')
      .values([row('Grant', 'g', { accountId: 'anna', clientId: 'shop' }), row('Session', 's', { accountId: 'anna' })])
      .execute();
    await db.destroy();

    const storage = await openSqlite(path);
    try {
      const grant = await storage.oidcPayloads.find('Grant', 'g');
      assert.deepEqual([grant?.accountId, grant?.clientId], ['anna', 'shop']);
      assert.equal((await storage.oidcPayloads.find('Session', 's'))?.accountId, null);
    } finally {
      await storage.close();
    }
  });

  it('runs a migration numbered below one the database ran already (branches merged in another order)', async () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
    const { '0013_account_disabled': _later, ...earlier } = await migrationProvider.getMigrations();
    const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(earlier) } }).migrateToLatest();
    assert.equal(error, undefined);
    await db.destroy();

    const storage = await openSqlite(path);
    try {
      const anna = anAccountRow();
      await storage.accounts.insert(anna);
      assert.equal(await storage.accounts.setDisabled(anna.id, 1), true, '0013 ran after the later ones');
    } finally {
      await storage.close();
    }
  });

  it('opens a file another open storage is using, as a second instance would', async () => {
    const path = freshPath();
    const first = await openSqlite(path);
    const second = await openSqlite(path);
    try {
      const anna = account();
      await first.accounts.insert(anna);
      assert.deepEqual(await second.accounts.findByEmail(anna.email), anna);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe("the dispatcher's claim on SQLite", () => {
  it('reads at most a batch of each kind of due text, never every text kept or waiting, though SQLite has no statistics to plan by', async () => {
    const path = freshPath();
    await (await openSqlite(path)).close();
    const connection = new SQLite(path);
    const claims: Array<{ sql: string; parameters: readonly unknown[] }> = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: connection }),
      log: (event) => {
        if (event.level === 'query' && event.query.sql.includes('"claimed_from"')) claims.push(event.query);
      },
    });
    try {
      await kyselyOutboxQueueStore(db, 'sqlite').claimDue('sms', Date.now(), 30_000, 16);
      const [claim] = claims;
      assert.ok(claim, 'the claim ran');
      // The service never runs ANALYZE, so this is the plan it gets. Each way a text becomes due
      // must be a range of an index: a search by the channel alone reads the channel's whole history.
      const plan = connection.prepare(`explain query plan ${claim.sql}`).all(...claim.parameters) as Array<{ id: number; parent: number; detail: string }>;
      const details = plan.map((row) => row.detail).join('\n');
      assert.ok(!plan.some((row) => /^(SCAN sms_outbox|SEARCH sms_outbox USING INDEX \w+ \(channel=\?\))/.test(row.detail)), details);
      // The queued texts, the many when the dispatcher is behind, are read in a subquery of their
      // own (which takes a batch) in due order, with no sort beside it: one OR over all the ways
      // read every due text and sorted them all to take a batch.
      const queued = plan.find((row) => row.detail === 'SEARCH sms_outbox USING INDEX sms_outbox_channel_due (channel=? AND status=? AND next_attempt_at<?)');
      assert.ok(queued, details);
      assert.match(plan.find((row) => row.id === queued.parent)?.detail ?? '', /^CO-ROUTINE/, details);
      assert.ok(!plan.some((row) => row.parent === queued.parent && row.detail.startsWith('USE TEMP B-TREE')), details);
    } finally {
      await db.destroy();
    }
  });
});
