import type Database from 'better-sqlite3';

/**
 * Group commit for the one SQLite connection: the transactions that finish in the same turn of
 * the event loop share one COMMIT.
 *
 * A COMMIT writes every page the transaction changed to the WAL; a code request changes some
 * fifteen B-trees, and the commit was the most expensive statement of the request. Under load
 * many requests finish their transactions within one turn, and their changes mostly land on the
 * same pages (the newest leaf of each index), so one COMMIT for all of them writes each page
 * once. Nobody waits longer for it: the commit runs as soon as the turn's I/O callbacks are done
 * (setImmediate), and nothing is answered before its transaction is committed.
 *
 * Each transaction ("unit") runs inside the group's BEGIN IMMEDIATE as a SAVEPOINT, so a unit
 * that fails rolls back only its own writes. A statement written outside any unit (an
 * autocommit write) commits the open group first and then itself, so it is on disk when it
 * returns, as before. Reads outside a unit see the open group's rows, which are committed by
 * the end of the turn; should that COMMIT fail (disk full, I/O error), every unit of the group
 * fails and none of their requests is answered as a success. The stores open-sqlite.ts hands
 * out run each call outside a transaction as a unit of its own, so only raw statements
 * (migrations, the health check) take the autocommit path.
 */
export class GroupCommit {
  readonly #connection: Database.Database;
  readonly #begin: Database.Statement;
  readonly #savepoint: Database.Statement;
  readonly #release: Database.Statement;
  readonly #rollbackTo: Database.Statement;
  readonly #commit: Database.Statement;
  /** Units that released their savepoint in the open group: they learn when it commits. */
  #members: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  #open = false;
  #inUnit = false;
  #flushWhenLeft = false;
  #scheduled = false;

  constructor(connection: Database.Database) {
    this.#connection = connection;
    this.#begin = connection.prepare('begin immediate');
    this.#savepoint = connection.prepare('savepoint engangskod_unit');
    this.#release = connection.prepare('release engangskod_unit');
    this.#rollbackTo = connection.prepare('rollback to engangskod_unit');
    this.#commit = connection.prepare('commit');
  }

  /** A group is open and no unit is running: a write now would otherwise join the group uncommitted. */
  get holdsUncommitted(): boolean {
    return this.#open && !this.#inUnit;
  }

  /**
   * Runs `work` as one unit on the connection `hold` holds for it (`work` must use no other). Resolves once the unit's group has committed, after the connection is free for the
   * next unit to join the group.
   */
  async run<C, T>(hold: (inside: (connection: C) => Promise<T>) => Promise<T>, work: (connection: C) => Promise<T>): Promise<T> {
    let committed: Promise<void> | undefined;
    const value = await hold(async (connection) => {
      this.#enter();
      let result: T;
      try {
        result = await work(connection);
      } catch (error) {
        this.#abandon(error);
        throw error;
      }
      committed = this.#leave();
      // Awaited below, once the connection is released; this only keeps an early failure handled.
      committed.catch(() => {});
      return result;
    });
    await committed;
    return value;
  }

  /** Commits the open group now (or, while a unit runs, as soon as it has left). */
  flush(): void {
    if (this.#inUnit) {
      this.#flushWhenLeft = true;
      return;
    }
    this.#flushWhenLeft = false;
    if (!this.#open) return;
    const members = this.#members;
    this.#members = [];
    this.#open = false;
    try {
      this.#commit.run();
    } catch (error) {
      if (this.#connection.inTransaction) this.#connection.exec('rollback');
      for (const member of members) member.reject(error);
      return;
    }
    for (const member of members) member.resolve();
  }

  #enter(): void {
    if (!this.#open) {
      this.#begin.run();
      this.#open = true;
    }
    try {
      this.#savepoint.run();
    } catch (error) {
      this.#schedule();
      throw error;
    }
    this.#inUnit = true;
  }

  #leave(): Promise<void> {
    this.#release.run();
    this.#inUnit = false;
    const committed = new Promise<void>((resolve, reject) => this.#members.push({ resolve, reject }));
    if (this.#flushWhenLeft) this.flush();
    else this.#schedule();
    return committed;
  }

  #abandon(cause: unknown): void {
    this.#inUnit = false;
    if (this.#connection.inTransaction) {
      try {
        this.#rollbackTo.run();
        this.#release.run();
        if (this.#flushWhenLeft) this.flush();
        else this.#schedule();
        return;
      } catch {
        this.#connection.exec('rollback');
      }
    }
    // SQLite rolled the whole transaction back (disk full, I/O error): the group's earlier
    // units went with it, so they fail too rather than be answered as saved.
    this.#open = false;
    const members = this.#members;
    this.#members = [];
    for (const member of members) member.reject(cause);
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }
}
