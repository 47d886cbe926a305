import type Database from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';
import type { GroupCommit } from './group-commit.ts';

// Enough for every distinct statement the stores issue (an `IN (…)` list makes one per length).
const MAX_CACHED_STATEMENTS = 500;

/**
 * better-sqlite3 behind Kysely, with two changes to Kysely's stock dialect:
 *
 * - Prepared statements are cached by their SQL text. Kysely prepares every query anew, and
 *   parsing SQL costs more than running these small indexed statements.
 * - Transactions begin IMMEDIATE, taking the write lock up front. A deferred transaction that
 *   reads and then writes fails with SQLITE_BUSY_SNAPSHOT when another process (a second
 *   instance, `engangskod worker`) wrote in between; IMMEDIATE makes it wait (busy_timeout).
 * - With a group commit (group-commit.ts), a write outside its units, and Kysely's own
 *   transactions, first commit the open group, so they are not swept into it uncommitted.
 */
export function sqliteDialect(connection: Database.Database, group: GroupCommit | undefined): SqliteDialect {
  const cache = new Map<string, Database.Statement>();
  const database: SqliteDatabase = {
    close: () => connection.close(),
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement) {
        // Re-insert to keep the map in least-recently-used order.
        cache.delete(sql);
      } else {
        statement = connection.prepare(sql);
        if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      if (group?.holdsUncommitted && !statement.reader) group.flush();
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
  return new ImmediateSqliteDialect({ database }, group);
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #group: GroupCommit | undefined;

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0], group: GroupCommit | undefined) {
    super(config);
    this.#group = group;
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      this.#group?.flush();
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}
