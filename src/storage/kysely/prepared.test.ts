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
  connection.exec('create table limit_events (bucket text not null, key text not null, at integer not null)');
  return new Kysely<Tables>({ dialect: sqliteDialect(connection, new GroupCommit(connection)), plugins: options.buildEachTime ? [buildEachTime] : [] });
}

describe('prepared statements', () => {
  it('build once and run with each call\'s values, constants of the statement kept', async () => {
    const db = database();
    let builds = 0;
    const since = prepared((k: Kysely<Tables>, bucket: string, at: number) => {
      builds++;
      return k.selectFrom('limit_events').select('key').where('bucket', '=', bucket).where('at', '>', at).orderBy('at').limit(2);
    });
    const insert = preparedInsert('limit_events');
    for (const [key, at] of [['a', 1], ['b', 2], ['c', 3], ['d', 4]] as const) await insert(db, { bucket: 'x', key, at });
    await insert(db, { bucket: 'y', key: 'e', at: 5 });
    assert.deepEqual((await since(db, 'x', 1)).rows.map((r) => r.key), ['b', 'c'], 'limit 2 stays');
    assert.deepEqual((await since(db, 'y', 0)).rows.map((r) => r.key), ['e']);
    assert.equal(builds, 1);
    await db.destroy();
  });

  it('refuse a statement an argument does not reach as a value, and rows whose columns differ', async () => {
    const db = database();
    const ignoresItsArgument = prepared((k: Kysely<Tables>, _bucket: string) => k.selectFrom('limit_events').select('key'));
    await assert.rejects(ignoresItsArgument(db, 'x'), /every argument must be a value/);
    const insert = preparedInsert('limit_events');
    await insert(db, { bucket: 'x', key: 'a', at: 1 });
    await assert.rejects(insert(db, { key: 'a', bucket: 'x', at: 1 }), /in that order/);
    await db.destroy();
  });

  it('with the switch off (PREPARED_QUERIES=off) build every time and give the same rows, in a transaction too', async () => {
    const db = database({ buildEachTime: true });
    let builds = 0;
    const since = prepared((k: Kysely<Tables>, bucket: string, at: number) => {
      builds++;
      return k.selectFrom('limit_events').select('key').where('bucket', '=', bucket).where('at', '>', at).orderBy('at').limit(2);
    });
    const insert = preparedInsert('limit_events');
    for (const [key, at] of [['a', 1], ['b', 2], ['c', 3]] as const) await insert(db, { bucket: 'x', key, at });
    assert.deepEqual((await since(db, 'x', 1)).rows.map((r) => r.key), ['b', 'c']);
    await db.transaction().execute(async (trx) => {
      assert.deepEqual((await since(trx, 'x', 2)).rows.map((r) => r.key), ['c']);
    });
    assert.equal(builds, 2);
    await db.destroy();
  });
});
