import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../../../test/helpers/postgres.ts';
import type { Database } from '../database.ts';
import { kyselyLimitLogStore } from '../kysely/limit-log-store.ts';
import { migrationProvider } from './index.ts';

const T0 = Date.UTC(2026, 0, 1);

/** Migration 0019 on a database that holds limit events: each key's times become its row. */
function upgradeCases(name: 'sqlite' | 'postgres', open: () => Promise<Kysely<Database>>) {
  describe(`migration 0019 (a limit's times one row per key) on ${name}`, () => {
    let db: Kysely<Database>;
    before(async () => {
      db = await open();
      const migrator = new Migrator({ db, provider: migrationProvider });
      assert.equal((await migrator.migrateTo('0018_expect_rows')).error, undefined);
      const events = [
        ['sms:number', 'n1', T0 + 1000],
        ['sms:number', 'n1', T0 + 3000],
        ['sms:number', 'n1', T0 + 2000],
        ['sms:number:stranger', 'n1', T0 + 3000],
        ['sign_in_code:pair', 'p1', T0 + 500],
      ] as const;
      await (db as unknown as Kysely<{ limit_events: { bucket: string; key: string; at: number } }>)
        .insertInto('limit_events')
        .values(events.map(([bucket, key, at]) => ({ bucket, key, at })))
        .execute();
      const latest = await migrator.migrateToLatest();
      assert.equal(latest.error, undefined, String(latest.error));
    });
    after(() => db.destroy());

    it('keeps every event: the same answers to the same questions', async () => {
      const limits = kyselyLimitLogStore(db, name);
      assert.deepEqual(await limits.holdCounts({ bucket: 'sms:number', key: 'n1' }, [{ bucket: 'sms:number', key: 'n1' }, { bucket: 'sms:number:stranger', key: 'n1' }], T0), [3, 1]);
      assert.equal(await limits.holdNthNewest({ bucket: 'sms:number', key: 'n1' }, T0, 1), T0 + 3000);
      assert.equal(await limits.holdNthNewest({ bucket: 'sms:number', key: 'n1' }, T0, 3), T0 + 1000);
      assert.equal(await limits.countSince('sign_in_code:pair', 'p1', T0), 1);
      assert.equal((await db.selectFrom('limit_windows').select('key').execute()).length, 3, 'a row per key');
    });

    it('records on the rows the migration wrote, and the consume function of 0016 still holds and counts', async () => {
      const limits = kyselyLimitLogStore(db, name);
      await limits.record('sms:number', 'n1', T0 + 4000, 3);
      assert.equal(await limits.holdNthNewest({ bucket: 'sms:number', key: 'n1' }, 0, 3), T0 + 2000, 'the oldest beyond the three kept is gone');
      assert.equal(await limits.holdNthNewest({ bucket: 'sms:number', key: 'n1' }, 0, 4), undefined);
      assert.equal(await limits.holdNthNewest({ bucket: 'sign_in_code:pair', key: 'p1' }, T0 + 500, 1, T0 + 5000), undefined, 'the old one aged out: recorded');
      assert.equal(await limits.holdNthNewest({ bucket: 'sign_in_code:pair', key: 'p1' }, T0, 1, T0 + 6000), T0 + 5000, 'limited: not recorded');
      assert.equal(await limits.countSince('sign_in_code:pair', 'p1', 0), 1, 'a consume keeps the limit it checks (one)');
    });

    it('leaves the events and 0016\'s functions to the previous version\'s instances, and prunes what they write', async () => {
      const previous = db as unknown as Kysely<{ limit_events: { bucket: string; key: string; at: number } }>;
      await previous.insertInto('limit_events').values([{ bucket: 'sms:number', key: 'n2', at: T0 + 100 }, { bucket: 'sms:number', key: 'n2', at: T0 + 9000 }]).execute();
      if (name === 'postgres') {
        const { rows } = await sql<{ pivot: string }>`select limit_hold_nth_newest('sms:number', 'n2', 0, 0, null) as pivot`.execute(db);
        assert.equal(Number(rows[0]?.pivot), T0 + 9000);
      }
      await kyselyLimitLogStore(db, name).prune(T0 + 5000);
      assert.deepEqual((await previous.selectFrom('limit_events').select('at').where('key', '=', 'n2').execute()).map((r) => Number(r.at)), [T0 + 9000]);
    });
  });
}

upgradeCases('sqlite', async () => new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) }));

const skip = await postgresUnavailable();
describe('on PostgreSQL', { skip }, () => {
  let database: TestDatabase | undefined;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });
  upgradeCases('postgres', async () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database!.url, max: 2 }) }) }));
});
