import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { backupSqlite } from '../storage/sqlite/sqlite-backup.ts';
import { fail, parseCommand } from './args.ts';
import { loadConfigOrExit } from './load-config-or-exit.ts';
import type { Terminal } from './terminal.ts';
import { BACKUP_USAGE } from './usage.ts';


/** `engangskod backup <file>`: restore by stopping the service and putting the file in the database's place (docs/operations.md). */
export async function backup(args: readonly string[], terminal: Terminal): Promise<void> {
  const [file, ...extra] = parseCommand(args, {}, BACKUP_USAGE).positionals;
  if (file === undefined || extra.length > 0) return fail(BACKUP_USAGE, 2);
  const target = resolve(terminal.cwd, file);
  // Never overwrite: an old backup may be the only good one.
  if (existsSync(target)) return fail(`${target} exists already: name a new file`, 1);
  const config = loadConfigOrExit(terminal, {}, { existingDatabase: true });
  if (config.database.kind !== 'sqlite' || config.database.path === ':memory:') return fail('backup copies an SQLite database; back PostgreSQL up with pg_dump (docs/operations.md)', 2);
  const pages = await backupSqlite(config.database.path, target);
  terminal.out(`backed up ${config.database.path} to ${target} (${pages} pages)\n`);
}
