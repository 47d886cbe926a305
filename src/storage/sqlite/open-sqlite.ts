import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql } from 'kysely';
import type { Database } from '../database.ts';
import { buildEachTime } from '../kysely/prepared.ts';
import { migrationProvider } from '../migrations/index.ts';
import { committedThen, storesOn, type Storage, type Stores } from '../storage.ts';
import { SAFETY_NET_PAGES, startCheckpointer } from './checkpointer.ts';
import { GroupCommit } from './group-commit.ts';
import { sqliteDialect } from './sqlite-dialect.ts';

/**
 * The embedded default: one file, WAL so readers never wait for the writer, and
 * synchronous=NORMAL, which in WAL mode loses no committed transaction on a process crash
 * (only, at worst, the last ones on power loss). Migrations run before the first query;
 * WAL checkpoints run in a worker thread (checkpointer.ts).
 */
export interface SqliteOptions {
  readonly onCheckpointError?: (message: string) => void;
  /** SQLITE_GROUP_COMMIT: transactions that finish in one turn share a COMMIT (group-commit.ts). */
  readonly groupCommit?: boolean;
  /** PREPARED_QUERIES: the busy paths' statements are built once (kysely/prepared.ts). */
  readonly preparedQueries?: boolean;
}

export async function openSqlite(path: string, options: SqliteOptions = {}): Promise<Storage> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new SQLite(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  // Another process (a second instance, the CLI) may hold the write lock for a moment.
  connection.pragma('busy_timeout = 5000');
  const inMemory = path === ':memory:';
  // Checkpoints happen off the event loop (see checkpointer.ts); this is only the safety net.
  if (!inMemory) connection.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  const group = options.groupCommit === false ? undefined : new GroupCommit(connection);
  const db = new Kysely<Database>({ dialect: sqliteDialect(connection, group), plugins: options.preparedQueries === false ? [buildEachTime] : [] });

  const { error, results } = await new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}`, { cause: error });
  }

  const checkpointer = inMemory ? undefined : startCheckpointer(path, options.onCheckpointError ?? (() => {}));

  // Each transaction is a unit of a group commit (group-commit.ts), on the connection held for
  // it; without one, a transaction of its own (BEGIN IMMEDIATE … COMMIT).
  const inTransaction = <T>(work: (stores: Stores) => Promise<T>): Promise<T> =>
    group
      ? group.run<Kysely<Database>, T>((inside) => db.connection().execute(inside), (held) => work(storesOn(held, 'sqlite', { soleWriter: true })))
      : db.transaction().execute((trx) => work(storesOn(trx, 'sqlite', { soleWriter: true })));
  // With a group commit, a store called outside a transaction is a unit of its own: its write
  // joins the turn's COMMIT instead of committing the group early and then itself (two
  // commits for every text handed over and every pumping-guard count). It still returns
  // only once committed.
  const outside = group ? eachCallInUnit(storesOn(db, 'sqlite'), inTransaction) : storesOn(db, 'sqlite');
  return {
    dialect: 'sqlite',
    ...outside,
    transaction: (work, after) => committedThen(inTransaction(work), outside, after),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      if (group) await db.connection().execute(async () => group.flush());
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** `stores` with every method run as `transaction((s) => s.<same path>(…))`. */
function eachCallInUnit(stores: Stores, transaction: <T>(work: (stores: Stores) => Promise<T>) => Promise<T>): Stores {
  const wrap = (target: object, path: readonly string[]): object =>
    Object.fromEntries(
      Object.entries(target).map(([name, value]) => {
        if (typeof value !== 'function') return [name, wrap(value as object, [...path, name])];
        const call = (...args: unknown[]) =>
          transaction((held) => {
            const owner = path.reduce<Record<string, unknown>>((node, step) => node[step] as Record<string, unknown>, held as unknown as Record<string, unknown>);
            return (owner[name] as (...a: unknown[]) => Promise<unknown>).apply(owner, args);
          });
        return [name, call];
      }),
    );
  return wrap(stores, []) as Stores;
}
