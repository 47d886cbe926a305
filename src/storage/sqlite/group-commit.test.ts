import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { GroupCommit } from './group-commit.ts';
import { sqliteDialect } from './sqlite-dialect.ts';

interface Tables {
  item: { id: Generated<number>; label: string };
  parent: { id: number };
  child: { id: number; parent_id: number };
}

const folder = mkdtempSync(join(tmpdir(), 'engangskod-group-'));
after(() => rmSync(folder, { recursive: true, force: true }));
let fileNumber = 0;

describe('group commit on SQLite', () => {
  let connection: SQLite.Database;
  let observer: SQLite.Database;
  let group: GroupCommit;
  let db: Kysely<Tables>;
  let commits: number;

  beforeEach(() => {
    const path = join(folder, `db-${fileNumber++}.sqlite`);
    connection = new SQLite(path);
    connection.pragma('journal_mode = WAL');
    connection.pragma('foreign_keys = ON');
    connection.exec(`
      create table item (id integer primary key, label text not null unique);
      create table parent (id integer primary key);
      create table child (id integer primary key, parent_id integer not null references parent (id) deferrable initially deferred);
    `);
    // The real connection, with its COMMIT statement counted on the way through.
    commits = 0;
    const counted = new Proxy(connection, {
      get(target, property) {
        if (property !== 'prepare') return Reflect.get(target, property, target) as unknown;
        return (source: string) => {
          const statement = target.prepare(source);
          if (source !== 'commit') return statement;
          const run = statement.run.bind(statement);
          return Object.assign(statement, { run: () => (commits++, run()) });
        };
      },
    });
    group = new GroupCommit(counted);
    db = new Kysely<Tables>({ dialect: sqliteDialect(connection, group) });
    // A second connection sees only what is committed, as another process would.
    observer = new SQLite(path, { readonly: true });
  });
  afterEach(async () => {
    observer.close();
    await db.destroy();
  });

  const unit = <T>(work: (held: Kysely<Tables>) => Promise<T>) =>
    group.run<Kysely<Tables>, T>((inside) => db.connection().execute(inside), work);
  const committedLabels = () => (observer.prepare('select label from item order by id').all() as { label: string }[]).map((row) => row.label);

  it('lets the transactions that finish in one turn share one COMMIT, each answered only once it is visible elsewhere', async () => {
    const labels = Array.from({ length: 20 }, (_, i) => `unit-${i}`);
    const seenAtResolve = await Promise.all(
      labels.map((label) =>
        unit(async (held) => {
          await held.insertInto('item').values({ label }).execute();
          return label;
        }).then((done) => committedLabels().includes(done)),
      ),
    );
    assert.deepEqual(seenAtResolve, labels.map(() => true), 'every unit was committed when its promise resolved');
    assert.equal(commits, 1);
    assert.deepEqual(committedLabels(), labels);
  });

  it('rolls back only the failing unit and commits the rest of its group', async () => {
    const results = await Promise.allSettled([
      unit((held) => held.insertInto('item').values({ label: 'first' }).execute()),
      unit(async (held) => {
        await held.insertInto('item').values({ label: 'doomed' }).execute();
        throw new Error('the domain said no');
      }),
      // A constraint error mid-unit: SQLite undoes the statement, the savepoint the rest of the unit.
      unit(async (held) => {
        await held.insertInto('item').values({ label: 'half' }).execute();
        await held.insertInto('item').values({ label: 'first' }).execute();
      }),
      unit((held) => held.insertInto('item').values({ label: 'last' }).execute()),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.deepEqual(committedLabels(), ['first', 'last']);
    assert.equal(commits, 1);
  });

  it('fails every unit of a group whose COMMIT fails, and none of their rows is kept', async () => {
    const results = await Promise.allSettled([
      unit((held) => held.insertInto('item').values({ label: 'innocent' }).execute()),
      // A deferred foreign key is checked at COMMIT: the statement succeeds, the commit does not.
      unit((held) => held.insertInto('child').values({ id: 1, parent_id: 404 }).execute()),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.match(String((results[0] as PromiseRejectedResult).reason), /FOREIGN KEY/);
    assert.deepEqual(committedLabels(), []);
    assert.equal(connection.inTransaction, false);
    // The next unit starts a fresh group.
    await unit((held) => held.insertInto('item').values({ label: 'after' }).execute());
    assert.deepEqual(committedLabels(), ['after']);
  });

  it('commits the open group before a write outside any unit, so that write is on disk when it returns', async () => {
    const grouped = unit((held) => held.insertInto('item').values({ label: 'grouped' }).execute());
    // Let the unit finish and leave its group open (its COMMIT waits for the end of the turn).
    await new Promise((resolve) => process.nextTick(resolve));
    await sql`select 1`.execute(db);
    await db.insertInto('item').values({ label: 'alone' }).execute();
    assert.deepEqual(committedLabels(), ['grouped', 'alone']);
    await grouped;
    assert.equal(commits, 1, 'the group committed once; the lone write committed by itself');
  });

  it("runs Kysely's own transactions beside the groups", async () => {
    const grouped = unit((held) => held.insertInto('item').values({ label: 'grouped' }).execute());
    const own = db.transaction().execute((trx) => trx.insertInto('item').values({ label: 'own' }).execute());
    await Promise.all([grouped, own]);
    assert.deepEqual(committedLabels().sort(), ['grouped', 'own']);
  });

  it('commits a unit started while another one runs, without waiting for a later turn', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = unit(async (held) => {
      await held.insertInto('item').values({ label: 'slow' }).execute();
      // The end of the turn comes while this unit still runs: its group commits when it leaves.
      await new Promise((resolve) => setImmediate(resolve));
      await gate;
    });
    const queued = unit((held) => held.insertInto('item').values({ label: 'queued' }).execute());
    setTimeout(release, 5);
    await Promise.all([slow, queued]);
    assert.deepEqual(committedLabels(), ['slow', 'queued']);
    assert.equal(connection.inTransaction, false);
  });
});
