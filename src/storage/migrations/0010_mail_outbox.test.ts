import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../../../test/helpers/postgres.ts';
import type { Database } from '../database.ts';
import { migrationProvider } from './index.ts';

const T0 = Date.UTC(2026, 0, 1);

/** A text as migration 0009 left the table. */
const textRow = (id: string) => ({
  id, to_e164: '+46701234567', body: 'Ett nummer lades till.', locale: 'sv', purpose: 'notice', code_id: null, status: 'queued', transport: null,
  attempts: 0, next_attempt_at: T0, lease_until: null, last_error: null, created_at: T0, updated_at: T0, sent_at: null,
  transport_index: 0, claimed_from: null, failover_at: null, reported_at: null, resent_as: null,
});

/** Migration 0010 on a database that holds texts: they become the sms channel, nothing else changes. */
function upgradeCases(name: string, open: () => Promise<Kysely<Database>>) {
  describe(`migration 0010 (mail in the outbox) on ${name}`, () => {
    let db: Kysely<Database>;
    before(async () => {
      db = await open();
      const migrator = new Migrator({ db, provider: migrationProvider });
      assert.equal((await migrator.migrateTo('0009_activity_attempt_groups')).error, undefined);
      await (db as unknown as Kysely<{ sms_outbox: ReturnType<typeof textRow> }>).insertInto('sms_outbox').values([textRow('text-1'), textRow('text-2')]).execute();
      const latest = await migrator.migrateToLatest();
      assert.equal(latest.error, undefined, String(latest.error));
    });
    after(() => db.destroy());

    it('keeps every text, as the sms channel with no subject, its number in recipient', async () => {
      const rows = await db.selectFrom('sms_outbox').select(['id', 'channel', 'recipient', 'subject']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: 'text-1', channel: 'sms', recipient: '+46701234567', subject: null },
        { id: 'text-2', channel: 'sms', recipient: '+46701234567', subject: null },
      ]);
    });

    it('takes the channels sms and mail, and refuses any other', async () => {
      await db.updateTable('sms_outbox').set({ channel: 'mail', subject: 'Hej' }).where('id', '=', 'text-2').execute();
      await assert.rejects(db.updateTable('sms_outbox').set({ channel: 'fax' }).where('id', '=', 'text-1').execute(), /CHECK|check/);
    });

    it('indexes the claim by channel', async () => {
      const indexes = name === 'SQLite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'sms_outbox'`.execute(db)).rows
        : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'sms_outbox'`.execute(db)).rows;
      const names = indexes.map((i) => i.name);
      assert.ok(names.includes('sms_outbox_channel_due'), names.join(', '));
      assert.ok(!names.includes('sms_outbox_due'), 'the index it replaces is gone');
    });
  });
}

upgradeCases('SQLite', async () => new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) }));

const skip = await postgresUnavailable();
describe('on PostgreSQL', { skip }, () => {
  let database: TestDatabase | undefined;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });
  upgradeCases('PostgreSQL', async () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database!.url, max: 2 }) }) }));
});
