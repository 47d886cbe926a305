import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kysely } from 'kysely';
import Database from 'better-sqlite3';
import { GroupCommit } from '../sqlite/group-commit.ts';
import { sqliteDialect } from '../sqlite/sqlite-dialect.ts';
import type { Database as Tables } from '../database.ts';
import { buildEachTime, prepared, preparedInsert } from './prepared.ts';

function database(options: { buildEachTime?: boolean } = {}): Kysely<Tables> {
  const connection = new Database(':memory:');
  connection.exec('create table known_devices (account_id text not null, device_key text not null, last_seen_at integer not null)');
  return new Kysely<Tables>({ dialect: sqliteDialect(connection, new GroupCommit(connection)), plugins: options.buildEachTime ? [buildEachTime] : [] });
}

describe('prepared statements', () => {
  it('build once and run with each call\'s values, constants of the statement kept', async () => {
    const db = database();
    let builds = 0;
    const since = prepared((k: Kysely<Tables>, bucket: string, at: number) => {
      builds++;
      return k.selectFrom('known_devices').select('device_key').where('account_id', '=', bucket).where('last_seen_at', '>', at).orderBy('last_seen_at').limit(2);
    });
    const insert = preparedInsert('known_devices');
    for (const [key, at] of [['a', 1], ['b', 2], ['c', 3], ['d', 4]] as const) await insert(db, { account_id: 'x', device_key: key, last_seen_at: at });
    await insert(db, { account_id: 'y', device_key: 'e', last_seen_at: 5 });
    assert.deepEqual((await since(db, 'x', 1)).rows.map((r) => r.device_key), ['b', 'c'], 'limit 2 stays');
    assert.deepEqual((await since(db, 'y', 0)).rows.map((r) => r.device_key), ['e']);
    assert.equal(builds, 1);
    await db.destroy();
  });

  it('refuse a statement an argument does not reach as a value, and rows whose columns differ', async () => {
    const db = database();
    const ignoresItsArgument = prepared((k: Kysely<Tables>, _bucket: string) => k.selectFrom('known_devices').select('device_key'));
    await assert.rejects(ignoresItsArgument(db, 'x'), /every argument must be a value/);
    const insert = preparedInsert('known_devices');
    await insert(db, { account_id: 'x', device_key: 'a', last_seen_at: 1 });
    await assert.rejects(insert(db, { device_key: 'a', account_id: 'x', last_seen_at: 1 }), /in that order/);
    await db.destroy();
  });

  it('with the switch off (PREPARED_QUERIES=off) build every time and give the same rows, in a transaction too', async () => {
    const db = database({ buildEachTime: true });
    let builds = 0;
    const since = prepared((k: Kysely<Tables>, bucket: string, at: number) => {
      builds++;
      return k.selectFrom('known_devices').select('device_key').where('account_id', '=', bucket).where('last_seen_at', '>', at).orderBy('last_seen_at').limit(2);
    });
    const insert = preparedInsert('known_devices');
    for (const [key, at] of [['a', 1], ['b', 2], ['c', 3]] as const) await insert(db, { account_id: 'x', device_key: key, last_seen_at: at });
    assert.deepEqual((await since(db, 'x', 1)).rows.map((r) => r.device_key), ['b', 'c']);
    await db.transaction().execute(async (trx) => {
      assert.deepEqual((await since(trx, 'x', 2)).rows.map((r) => r.device_key), ['c']);
    });
    assert.equal(builds, 2);
    await db.destroy();
  });
});
