import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type KyselyPlugin,
  type QueryResult,
} from 'kysely';
import type pg from 'pg';
import type { Database } from '../database.ts';
import { isUnread } from '../kysely/prepared.ts';

type Client = Pick<pg.PoolClient, 'query' | 'release'>;

/**
 * One transaction on a connection in node-postgres's pipeline mode, so the database is not
 * waited for where nothing needs its answer: `begin` goes out with the first statement, a write
 * the stores mark as unread (prepared.ts) goes out and the work goes on, and `commit` follows the
 * last of them. Reads sent without waiting for each other share a round trip too.
 *
 * A statement that fails aborts the transaction in PostgreSQL, so its error comes out where the
 * work next waits for the database, or at the commit (which PostgreSQL then answers as a
 * rollback), and the transaction rejects with it as with Kysely's own transactions.
 *
 * `after` (the domain's AfterCommit) sends its statements right behind the commit, on the same
 * connection, so they share its round trip; each is a transaction of its own, and each waits for
 * the commit's answer before giving its own, so `after` goes on only once the commit took.
 */
export async function pipelinedTransaction<T>(
  connect: () => Promise<Client>,
  plugins: readonly KyselyPlugin[],
  work: (db: Kysely<Database>) => Promise<T>,
  after?: (db: Kysely<Database>, value: T) => Promise<void>,
): Promise<T> {
  const client = await connect();
  const sent: Array<Promise<unknown>> = [];
  // The first failure of a statement not waited for; read through `failed()`, as callbacks set it.
  let failure: { error: unknown } | undefined;
  const failed = (): { error: unknown } | undefined => failure;
  /** Sends a statement whose answer is not waited for here; its failure is kept for later. */
  const send = (text: string, values?: unknown[]): Promise<pg.QueryResult> => {
    const answer = client.query(text, values) as Promise<pg.QueryResult>;
    sent.push(answer);
    // Handled now, so a failure is not an unhandled rejection; it surfaces at the next wait.
    answer.catch((error: unknown) => {
      failure ??= { error };
    });
    return answer;
  };
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const before = failed();
      if (before) throw before.error;
      if (isUnread(compiled)) {
        send(compiled.sql, [...compiled.parameters]);
        return { rows: [] };
      }
      let result: pg.QueryResult;
      try {
        result = (await client.query(compiled.sql, [...compiled.parameters])) as pg.QueryResult;
      } catch (error) {
        // An earlier unread write's failure is the cause; this one only found the transaction aborted.
        throw (failed() ?? { error }).error;
      }
      const meanwhile = failed();
      if (meanwhile) throw meanwhile.error;
      return resultOf<R>(result);
    },
    // eslint-disable-next-line require-yield -- no cursors on a pipelined connection
    async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
      throw new Error('streaming is not supported inside a transaction');
    },
  };
  const db = kyselyOn(connection, plugins);

  send('begin');
  let value: T;
  try {
    value = await work(db);
  } catch (error) {
    await Promise.allSettled(sent);
    await client.query('rollback').then(
      () => client.release(),
      (rollbackError: unknown) => client.release(rollbackError instanceof Error ? rollbackError : true),
    );
    throw error;
  }
  const commit = send('commit');
  // PostgreSQL answers a commit of an aborted transaction with a rollback, and no error.
  const took = commit.then(
    (answer) => answer.command === 'COMMIT',
    () => false,
  );
  // Not started when a failure is known already: the commit cannot take.
  const following = after && !failed() ? after(kyselyOn(connectionAfter(client, took), plugins), value).then(() => undefined, (error: unknown) => ({ error })) : undefined;
  await Promise.allSettled(sent);
  const unanswered = await commit.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (unanswered) {
    // No answer to the commit: the connection is not to be trusted again.
    client.release(unanswered.error instanceof Error ? unanswered.error : true);
    throw unanswered.error;
  }
  // The connection is given back once `after`'s statements are answered too.
  const afterFailure = await following;
  client.release();
  const last = failed();
  if (last) throw last.error;
  if (!(await took)) throw new Error('the transaction was rolled back by the database');
  if (afterFailure) throw afterFailure.error;
  return value;
}

/**
 * The connection as `after` sees it: behind the commit, so each statement is a transaction of
 * its own. Its answer is given only once the commit's answer says the commit took.
 */
function connectionAfter(client: Client, took: Promise<boolean>): DatabaseConnection {
  return {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const answer = client.query(compiled.sql, [...compiled.parameters]) as Promise<pg.QueryResult>;
      // Handled now: when the commit did not take, the error below is the one that matters.
      answer.catch(() => {});
      if (!(await took)) throw new Error('the transaction was rolled back by the database');
      return resultOf<R>(await answer);
    },
    // eslint-disable-next-line require-yield -- no cursors on a pipelined connection
    async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
      throw new Error('streaming is not supported after a pipelined transaction');
    },
  };
}

/** Kysely on one held connection: its queries compiled as for PostgreSQL, run on `connection`. */
function kyselyOn(connection: DatabaseConnection, plugins: readonly KyselyPlugin[]): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new BoundDriver(connection),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins: [...plugins],
  });
}

/** The answer as Kysely's own PostgreSQL connection gives it. */
function resultOf<R>(result: pg.QueryResult): QueryResult<R> {
  const rows = (result.rows ?? []) as R[];
  if (result.command === 'INSERT' || result.command === 'UPDATE' || result.command === 'DELETE' || result.command === 'MERGE') {
    return { numAffectedRows: BigInt(result.rowCount ?? 0), rows };
  }
  return { rows };
}

/** Kysely's driver for the one connection a transaction holds; the transaction itself is above. */
class BoundDriver implements Driver {
  readonly #connection: DatabaseConnection;
  constructor(connection: DatabaseConnection) {
    this.#connection = connection;
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('already in a transaction');
  }
  async commitTransaction(): Promise<void> {
    throw new Error('already in a transaction');
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error('already in a transaction');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}
