import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../../../test/helpers/postgres.ts';
import { STORED_STATUSES } from '../../sms/outbox-model.ts';
import { ATTEMPT_OUTCOMES, REPORTED_STATUSES } from '../../sms/outbox-attempt-store.ts';
import type { Database as Latest } from '../database.ts';

/** The outbox as migrations 0006–0009 left it (0010 renamed to_e164 and added the channel). */
type Database = Omit<Latest, 'sms_outbox'> & { sms_outbox: Omit<Latest['sms_outbox'], 'recipient' | 'channel' | 'subject'> & { to_e164: string } };
import { migrationProvider } from './index.ts';

const T0 = Date.UTC(2026, 0, 1);

/** A row as migration 0002 left the table: no resent_as. */
const outboxRow = (id: string, status: string, lastError: string | null = null) => ({
  id, to_e164: '+46701234567', body: 'Ett nummer lades till.', locale: 'sv', purpose: 'notice', code_id: null, status, transport: 'kannel',
  attempts: 1, next_attempt_at: T0, lease_until: null, last_error: lastError, created_at: T0, updated_at: T0, sent_at: null,
  transport_index: 0, claimed_from: 'queued', failover_at: null, reported_at: null,
});
const attemptRow = (messageId: string, outcome: string | null, reportStatus: string | null) => ({
  message_id: messageId, attempt: 1, transport: 'kannel', started_at: T0, finished_at: T0 + 1, outcome, error: null, gateway_id: 'gw-1', report_status: reportStatus, reported_at: null,
});

/**
 * Migration 0006 on a database that ran 0001–0004 and holds texts: what was there stays (rows,
 * indexes), links written as markers move to resent_as, and the status columns refuse values
 * outside the model's lists.
 */
function upgradeCases(name: string, open: () => Promise<Kysely<Database>>) {
  describe(`migration 0006 (the outbox model) on ${name}`, () => {
    let db: Kysely<Database>;
    before(async () => {
      db = await open();
      const migrator = new Migrator({ db, provider: migrationProvider });
      const early = await migrator.migrateTo('0004_oidc');
      assert.equal(early.error, undefined);
      await db.insertInto('sms_outbox').values([
        outboxRow('queued-1', 'queued'),
        outboxRow('failed-1', 'failed', 'gateway down; sent again as copy-1'),
        outboxRow('failed-2', 'failed', 'failed; sent again as copy-2'),
        outboxRow('failed-3', 'failed', 'number unreachable'),
        outboxRow('decoy-1', 'decoy'),
      ]).execute();
      await db.insertInto('sms_attempts').values([attemptRow('failed-1', 'failed', 'failed'), attemptRow('queued-1', null, null)]).execute();
      const latest = await migrator.migrateTo('0009_activity_attempt_groups');
      assert.equal(latest.error, undefined, String(latest.error));
    });
    after(() => db.destroy());

    it('keeps every text and attempt, and moves a sent-again marker out of the last error into resent_as', async () => {
      const rows = await db.selectFrom('sms_outbox').select(['id', 'status', 'last_error', 'resent_as', 'body', 'claimed_from']).orderBy('id').execute();
      assert.deepEqual(rows.map((r) => [r.id, r.status, r.last_error, r.resent_as]), [
        ['decoy-1', 'decoy', null, null],
        ['failed-1', 'failed', 'gateway down', 'copy-1'],
        ['failed-2', 'failed', 'failed', 'copy-2'],
        ['failed-3', 'failed', 'number unreachable', null],
        ['queued-1', 'queued', null, null],
      ]);
      assert.ok(rows.every((r) => r.body === 'Ett nummer lades till.' && r.claimed_from === 'queued'));
      const attempts = await db.selectFrom('sms_attempts').selectAll().orderBy('message_id').execute();
      assert.deepEqual(attempts.map((a) => [a.message_id, a.outcome, a.report_status, a.gateway_id]), [
        ['failed-1', 'failed', 'failed', 'gw-1'],
        ['queued-1', null, null, 'gw-1'],
      ]);
    });

    it('keeps the indexes and the attempts’ primary key', async () => {
      const indexes = name === 'SQLite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name in ('sms_outbox', 'sms_attempts') and name not like 'sqlite_autoindex%'`.execute(db)).rows
        : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename in ('sms_outbox', 'sms_attempts') and indexname not like '%_pkey'`.execute(db)).rows;
      const expected = ['sms_attempts_gateway', 'sms_outbox_code', 'sms_outbox_created', 'sms_outbox_due', 'sms_outbox_failover'];
      assert.deepEqual(indexes.map((i) => i.name).filter((n) => n !== 'sms_attempts_pk').sort(), expected);
      await assert.rejects(db.insertInto('sms_attempts').values(attemptRow('failed-1', 'sent', null)).execute(), /UNIQUE|unique|duplicate/);
    });

    it('takes every status of the model (and decoy), and refuses any other', async () => {
      for (const status of STORED_STATUSES) await db.insertInto('sms_outbox').values(outboxRow(`status-${status}`, status)).execute();
      await assert.rejects(db.insertInto('sms_outbox').values(outboxRow('bogus', 'bogus')).execute(), /CHECK|check/);
      await assert.rejects(db.updateTable('sms_outbox').set({ status: 'Delivered' }).where('id', '=', 'queued-1').execute(), /CHECK|check/);
      await assert.rejects(db.updateTable('sms_outbox').set({ claimed_from: 'delivered' }).where('id', '=', 'queued-1').execute(), /CHECK|check/);
    });

    it('takes every attempt outcome and reported status, or none, and refuses any other', async () => {
      for (const [i, outcome] of ATTEMPT_OUTCOMES.entries()) {
        await db.insertInto('sms_attempts').values({ ...attemptRow('queued-1', outcome, REPORTED_STATUSES[i % REPORTED_STATUSES.length] ?? null), attempt: 10 + i }).execute();
      }
      await assert.rejects(db.insertInto('sms_attempts').values({ ...attemptRow('queued-1', 'lost', null), attempt: 99 }).execute(), /CHECK|check/);
      await assert.rejects(db.insertInto('sms_attempts').values({ ...attemptRow('queued-1', 'sent', 'read'), attempt: 99 }).execute(), /CHECK|check/);
    });
  });
}

upgradeCases('SQLite', async () => {
  const connection = new SQLite(':memory:');
  connection.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
});

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
