import { renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';

/**
 * A consistent copy of a live SQLite database (SQLite's online backup API), safe while the
 * service writes: in WAL mode the copy reads one snapshot and blocks no writer. It is copied in
 * one step, since a step-wise copy starts over whenever another process writes and might never
 * finish under load; and written beside `target` first, so a failed copy leaves no half file
 * under the backup's name. Resolves with the pages copied.
 */
export async function backupSqlite(path: string, target: string): Promise<number> {
  const db = new SQLite(path, { fileMustExist: true });
  const partial = `${target}.partial`;
  try {
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    renameSync(partial, target);
    return totalPages;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
