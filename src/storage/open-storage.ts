import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';
import type { Storage } from './storage.ts';

export { NoDatabaseYetError } from './no-database-yet.ts';

// PostgreSQL's driver is loaded only where it is used: an SQLite instance starts without it.
const postgres = () => import('./postgres/open-postgres.ts');

/**
 * The configured database, migrated to the latest schema: the one way every entry point opens it.
 * `existing` (operators' commands) refuses a PostgreSQL database the service never set up with
 * NoDatabaseYetError; a missing SQLite file is refused earlier, by the configuration.
 */
export async function openStorage(config: Config, logger: Logger, options: { existing?: boolean } = {}): Promise<Storage> {
  return config.database.kind === 'sqlite'
    ? openSqlite(config.database.path, {
        onCheckpointError: (message) => logger.warn({ error: message }, 'SQLite checkpoint failed; will try again'),
        groupCommit: config.performance.sqliteGroupCommit,
        preparedQueries: config.performance.preparedQueries,
      })
    : (await postgres()).openPostgres(config.database.url, {
        preparedQueries: config.performance.preparedQueries,
        guardAsyncCommit: config.performance.guardAsyncCommit,
        pipeline: config.performance.postgresPipeline,
        existing: options.existing === true,
      });
}

/** The most connections the in-process dispatcher's pool opens: beside the service's own 10. */
const DISPATCHER_POOL_MAX = 16;

/**
 * The database for the in-process SMS dispatcher. On PostgreSQL a pool of its own: in the
 * shared pool each of its statements queued behind every request's transaction waiting for a
 * connection, and under load it sent 35 texts a second while 570 were queued (docs/performance.md).
 * A connection per text in flight (`SMS_CONCURRENCY`), up to 16, so no text's writes wait for
 * another's connection: with 4, under full load a round of 16 texts waited on four connections in
 * turn and the texts fell behind the code requests by 5 s. Connections idle for 10 s close (pg's
 * default), so a quiet instance holds few. On SQLite the same storage: one connection serves
 * everything, and writes never queue behind a pool there.
 */
export async function openDispatcherStorage(config: Config, storage: Storage): Promise<Storage> {
  // `storage` was opened first and migrated the database; this pool need not check again.
  return config.database.kind === 'postgres'
    ? (await postgres()).openPostgres(config.database.url, { poolSize: Math.min(config.sms.concurrency, DISPATCHER_POOL_MAX), migrate: false, preparedQueries: config.performance.preparedQueries })
    : storage;
}
