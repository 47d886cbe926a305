import { createQueryId, type Compilable, type CompiledQuery, type Kysely, type KyselyPlugin, type QueryResult } from 'kysely';
import type { Database } from '../database.ts';

const UNREAD = Symbol('engangskod.unread');

/**
 * Marks a write whose answer nobody reads (nothing returned, no failure the caller handles): a
 * PostgreSQL transaction sends it and goes on without waiting for the database
 * (postgres/pipelined-transaction.ts). Anywhere else it runs as any other statement.
 */
export function unread(compiled: CompiledQuery): CompiledQuery {
  return { ...compiled, [UNREAD]: true } as CompiledQuery;
}

export const isUnread = (compiled: CompiledQuery): boolean => UNREAD in compiled;

type Slot = { readonly arg: number } | { readonly value: unknown };
interface Template {
  readonly compiled: CompiledQuery;
  readonly slots: readonly Slot[];
}

/**
 * The switch (PREPARED_QUERIES=off): a database opened with this plugin builds every statement
 * anew, as Kysely does, so the benchmark can tell what building once still buys. It changes no
 * query; it only marks the database (transactions and held connections keep their plugins).
 */
export const buildEachTime: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => args.result,
};

/**
 * A statement built with Kysely's query builder once per kind of database, then run with new
 * values. On the busiest paths building and compiling a query anew cost about as much as
 * running it (these are small indexed statements, and better-sqlite3 keeps them prepared).
 *
 * `build` is called once with stand-ins for the arguments, so only statements whose SQL never
 * depends on the values belong here: no branches on them, no `in (…)` lists.
 */
export function prepared<A extends readonly unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>, options: { unread?: boolean } = {}) {
  const mark = options.unread ? unread : (compiled: CompiledQuery) => compiled;
  // Keyed by the dialect's adapter class: SQLite and PostgreSQL compile to different SQL.
  const templates = new WeakMap<object, Template>();
  return async (db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> => {
    if (db.getExecutor().plugins.includes(buildEachTime)) return db.executeQuery<R>(mark(build(db, ...args).compile()));
    const dialect = db.getExecutor().adapter.constructor;
    let template = templates.get(dialect);
    if (!template) {
      const standIns = args.map((_, i) => `\u0000engangskod-argument-${i}\u0000`);
      const compiled = build(db, ...(standIns as unknown as A)).compile();
      const slots = compiled.parameters.map((p): Slot => {
        const arg = standIns.indexOf(p as string);
        return arg >= 0 ? { arg } : { value: p };
      });
      if (new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : []))).size !== args.length) {
        throw new Error(`prepared statement: every argument must be a value of it (${compiled.sql})`);
      }
      template = { compiled, slots };
      templates.set(dialect, template);
    }
    const parameters = template.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    return db.executeQuery<R>(mark({ ...template.compiled, parameters, queryId: createQueryId() }));
  };
}

/**
 * `insert into <table>` of one row, prepared as above: every row must have the same columns in
 * the same order (the stores build them with one function each).
 */
export function preparedInsert<T extends keyof Database & string>(table: T, options: { unread?: boolean } = {}) {
  let columns: readonly string[] | undefined;
  const insert = prepared(
    (db: Kysely<Database>, ...values: unknown[]) => db.insertInto(table).values(Object.fromEntries((columns ?? []).map((column, i) => [column, values[i]])) as never),
    options,
  );
  return async (db: Kysely<Database>, row: Readonly<Record<string, unknown>>): Promise<void> => {
    const keys = Object.keys(row);
    columns ??= keys;
    if (keys.length !== columns.length || keys.some((key, i) => key !== columns?.[i])) {
      throw new Error(`preparedInsert(${table}): rows must have the columns ${columns.join(', ')} in that order`);
    }
    await insert(db, ...keys.map((key) => row[key]));
  };
}
