import { createHash } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.ts';
import { buildEachTime } from '../kysely/prepared.ts';
import { migrationProvider } from '../migrations/index.ts';
import { codeStoreError } from '../kysely/code-store.ts';
import { kyselyGuardStore } from '../kysely/guard-store.ts';
import { committedThen, storesOn, type Storage } from '../storage.ts';
import { NoDatabaseYetError } from '../no-database-yet.ts';
import { pipelinedTransaction } from './pipelined-transaction.ts';

const INT8_OID = 20;

export interface PostgresOptions {
  /** Connections this process keeps open at most. */
  readonly poolSize?: number;
  /** False for a second pool of a process whose first one has migrated the database. */
  readonly migrate?: boolean;
  /** PREPARED_QUERIES: the busy paths' statements are built once (kysely/prepared.ts). */
  readonly preparedQueries?: boolean;
  /** For operators' commands: refuse a database the service never set up, rather than set it up. */
  readonly existing?: boolean;
  /** GUARD_ASYNC_COMMIT: the pumping guard's counts commit without waiting for their flush (kysely/guard-store.ts). */
  readonly guardAsyncCommit?: boolean;
  /** POSTGRES_PIPELINE: transactions send what they need no answer to without waiting (pipelined-transaction.ts). */
  readonly pipeline?: boolean;
}


/**
 * PostgreSQL for several instances sharing one database. Same stores and migrations as
 * SQLite; where SQL must differ (row locks for claims, advisory locks for limits) the stores
 * ask their dialect. Times are bigint columns of milliseconds: pg returns int8 as strings to
 * be safe beyond 2^53, which these values never reach, so they are parsed as numbers.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Statements not waited for are sent at once (pipelined-transaction.ts); awaited ones run as before.
    pipeline: options.pipeline !== false,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection (a database restart) must not crash the process;
  // the pool replaces it and the next query reconnects.
  pool.on('error', () => {});
  const prepared = options.preparedQueries !== false;
  const clients = prepared ? namedStatements(pool) : pool;
  const plugins = prepared ? [] : [buildEachTime];
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: clients }), plugins });

  if (options.existing) {
    const { rows } = await sql<{ found: string | null }>`select to_regclass('kysely_migration')::text as found`.execute(db);
    if (!rows[0]?.found) {
      await db.destroy();
      throw new NoDatabaseYetError(
        'DATABASE_URL: the database has no Engångskod tables yet; check DATABASE_URL, or create them with engangskod migrate (the service also does at start)',
      );
    }
  }
  // Kysely's migrator takes a PostgreSQL advisory lock, so instances starting together
  // migrate once.
  const { error, results } = options.migrate === false ? {} : await new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}`, { cause: error });
  }

  const outside = storesOn(db, 'postgres', { guardAsyncCommit: options.guardAsyncCommit });
  return {
    dialect: 'postgres',
    ...outside,
    transaction: (work, after) =>
      (options.pipeline === false
        ? committedThen(db.transaction().execute((trx) => work(storesOn(trx, 'postgres'))), outside, after)
        : pipelinedTransaction(
            () => clients.connect(),
            plugins,
            (trx) => work(storesOn(trx, 'postgres')),
            // Behind the commit on its connection, each statement its own transaction as outside ones are.
            after && ((next, value) => after({ guard: kyselyGuardStore(next, 'postgres', { asyncCommit: options.guardAsyncCommit }) }, value)),
          )
      ).catch((error: unknown) => {
        // What the schema's functions raise, as the domain's errors: with pipelining the error
        // comes at a later statement or the commit, so it is mapped here, once, for both ways.
        throw codeStoreError(error);
      }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

// `select *`, `"accounts".*`, `returning *`; not `count(*)`.
const ALL_COLUMNS = /(?:\s|,)(?:"[^"]+"\.)?\*(?=\s|,|$)/;

/**
 * The pool with each connection's parameterised statements named by their text, so PostgreSQL
 * parses and plans each once per connection instead of at every call (PREPARED_QUERIES).
 * Statements whose columns follow the table's (`select *`, `returning *`) stay unnamed: a column
 * added by a newer version's migration would make a prepared one fail ("cached plan must not
 * change result type") in instances still running while the others are rolled.
 */
function namedStatements(pool: pg.Pool): { connect(): Promise<pg.PoolClient>; end(): Promise<void> } {
  const named = new WeakSet<pg.PoolClient>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) names.set(text, (name = `k${createHash('sha1').update(text).digest('hex').slice(0, 24)}`));
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      if (!named.has(client)) {
        named.add(client);
        const query = client.query.bind(client) as (config: unknown, values?: unknown[]) => Promise<pg.QueryResult>;
        (client as { query: unknown }).query = (text: unknown, values?: unknown[]) =>
          typeof text === 'string' && values !== undefined && values.length > 0 && !ALL_COLUMNS.test(text) ? query({ name: nameOf(text), text, values }) : query(text, values);
      }
      return client;
    },
    end: () => pool.end(),
  };
}
