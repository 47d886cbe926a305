import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.ts';
import { buildEachTime } from '../kysely/prepared.ts';
import { migrationProvider } from '../migrations/index.ts';
import { storesOn, type Storage } from '../storage.ts';
import { NoDatabaseYetError } from '../no-database-yet.ts';

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
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection (a database restart) must not crash the process;
  // the pool replaces it and the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: options.preparedQueries === false ? [buildEachTime] : [] });

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

  return {
    dialect: 'postgres',
    ...storesOn(db, 'postgres'),
    transaction: (work) => db.transaction().execute((trx) => work(storesOn(trx, 'postgres'))),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
