import Database from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../../src/config/config.ts';

export interface Found {
  readonly table: string;
  readonly column: string;
  readonly needle: string;
  readonly value: string;
}

/**
 * Every table of the database, every column of every row, read over a connection of its own
 * (not the service's stores, so nothing the stores leave out is missed), searched for each of
 * `needles` as a substring of the column's text. Answers what was found where.
 */
export async function scanDatabase(database: Config['database'], needles: readonly string[]): Promise<{ tables: string[]; rows: number; found: Found[] }> {
  const tables = new Map<string, Record<string, unknown>[]>();
  if (database.kind === 'sqlite') {
    const db = new Database(database.path, { readonly: true });
    try {
      const names = db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[];
      for (const { name } of names) tables.set(name, db.prepare(`select * from "${name.replaceAll('"', '""')}"`).all() as Record<string, unknown>[]);
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const names = await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`);
      for (const { table_name: name } of names.rows) tables.set(name, (await client.query<Record<string, unknown>>(`select * from "${name.replaceAll('"', '""')}"`)).rows);
    } finally {
      await client.end();
    }
  }
  const found: Found[] = [];
  let rows = 0;
  for (const [table, content] of tables) {
    for (const row of content) {
      rows++;
      for (const [column, raw] of Object.entries(row)) {
        if (raw === null || raw === undefined) continue;
        const value = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
        for (const needle of needles) if (value.includes(needle)) found.push({ table, column, needle, value: value.slice(0, 200) });
      }
    }
  }
  return { tables: [...tables.keys()].sort(), rows, found };
}
