import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { openPostgres } from './postgres/open-postgres.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';
import type { Storage } from './storage.ts';

/** The configured database, migrated to the latest schema: the one way every entry point opens it. */
export function openStorage(config: Config, logger: Logger): Promise<Storage> {
  return config.database.kind === 'sqlite'
    ? openSqlite(config.database.path, {
        onCheckpointError: (message) => logger.warn({ error: message }, 'SQLite checkpoint failed; will try again'),
      })
    : openPostgres(config.database.url);
}
