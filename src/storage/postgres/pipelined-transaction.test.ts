import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../../../test/helpers/postgres.ts';
import type { Database } from '../database.ts';
import { unread } from '../kysely/prepared.ts';
import { pipelinedTransaction } from './pipelined-transaction.ts';

const skip = await postgresUnavailable();

// A table outside the service's schema: these cases are about the transaction, not the stores.
type Db = Kysely<Database>;
const insert = (db: Db, id: number) => sql`insert into pipelined (id) values (${id})`.execute(db);
const insertUnread = (db: Db, id: number) => db.executeQuery(unread(sql`insert into pipelined (id) values (${id})`.compile(db)));
const ids = async (db: Db | pg.Pool) => {
  const rows = 'query' in db ? (await db.query<{ id: number }>('select id from pipelined order by id')).rows : (await sql<{ id: number }>`select id from pipelined order by id`.execute(db)).rows;
  return rows.map((row) => row.id);
};

describe('pipelined PostgreSQL transaction', { skip }, () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const run = <T>(work: (db: Db) => Promise<T>) => pipelinedTransaction(() => pool.connect(), [], work);

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2, pipeline: true });
    await pool.query('create table pipelined (id integer primary key)');
  });
  after(async () => {
    await pool.end();
    await database.drop();
  });
  beforeEach(async () => {
    await pool.query('delete from pipelined');
  });

  it('commits its writes, unread ones included, and reads its own unread writes', async () => {
    const seen = await run(async (db) => {
      await insertUnread(db, 1);
      await insert(db, 2);
      await insertUnread(db, 3);
      return ids(db);
    });
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(await ids(pool), [1, 2, 3]);
  });

  it('rolls back and rejects with the error of an unread write that failed', async () => {
    await pool.query('insert into pipelined (id) values (7)');
    await assert.rejects(
      run(async (db) => {
        await insert(db, 1);
        await insertUnread(db, 7);
        await insertUnread(db, 8);
      }),
      (error: { code?: string }) => error.code === '23505',
    );
    assert.deepEqual(await ids(pool), [7]);
  });

  it('gives a later statement the unread write’s error, not the aborted transaction’s', async () => {
    await pool.query('insert into pipelined (id) values (7)');
    let later: unknown;
    await assert.rejects(
      run(async (db) => {
        await insertUnread(db, 7);
        try {
          await ids(db);
        } catch (error) {
          later = error;
          throw error;
        }
      }),
    );
    assert.equal((later as { code?: string }).code, '23505');
    assert.deepEqual(await ids(pool), [7]);
  });

  it('rolls back when the work throws, and the connection serves the next transaction', async () => {
    await assert.rejects(
      run(async (db) => {
        await insert(db, 1);
        await insertUnread(db, 2);
        throw new Error('the work failed');
      }),
      /the work failed/,
    );
    assert.deepEqual(await ids(pool), []);
    // Twice the pool's size: a connection left mid-transaction would show here.
    for (let i = 0; i < 4; i++) await run((db) => insert(db, 10 + i));
    assert.deepEqual(await ids(pool), [10, 11, 12, 13]);
    assert.equal(pool.waitingCount, 0);
  });

  it('runs `after` behind the commit on the same connection, outside the transaction', async () => {
    type Session = { pid: number; xid: string | null };
    const session = (db: Db) => sql<Session>`select pg_backend_pid() as pid, pg_current_xact_id_if_assigned()::text as xid`.execute(db).then((r) => r.rows[0]!);
    let following: Session | undefined;
    const within = await pipelinedTransaction(
      () => pool.connect(),
      [],
      async (db) => {
        await insertUnread(db, 1);
        return session(db);
      },
      async (db) => {
        following = await session(db);
        await insert(db, 2);
      },
    );
    assert.ok(within.xid !== null, 'the work’s write gave its transaction an id');
    assert.deepEqual(following, { pid: within.pid, xid: null });
    assert.deepEqual(await ids(pool), [1, 2]);
  });

  it('lets `after` go on only once the commit took, though its statements ran behind a rollback', async () => {
    await pool.query('insert into pipelined (id) values (7)');
    let answered = false;
    await assert.rejects(
      pipelinedTransaction(
        () => pool.connect(),
        [],
        (db) => insertUnread(db, 7),
        async (db) => {
          await insert(db, 9);
          answered = true;
        },
      ),
      (error: { code?: string }) => error.code === '23505',
    );
    assert.equal(answered, false);
    // The window AfterCommit documents: the statement was on its way before the commit's answer.
    assert.deepEqual(await ids(pool), [7, 9]);
    await run((db) => insert(db, 10));
    assert.equal(pool.waitingCount, 0);
  });

  it('answers statements sent together each with their own rows', async () => {
    const answers = await run((db) => Promise.all([1, 2, 3].map(async (n) => (await sql<{ n: number }>`select ${n}::int as n`.execute(db)).rows[0]?.n)));
    assert.deepEqual(answers, [1, 2, 3]);
  });

  it('reports affected rows as Kysely does', async () => {
    await pool.query('insert into pipelined (id) values (1), (2)');
    const result = await run((db) => db.deleteFrom('pipelined' as never).where('id' as never, '>', 0 as never).executeTakeFirst());
    assert.equal(result.numDeletedRows, 2n);
  });
});
