import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

// A statement whose answer a transaction does not wait for can still decide whether the
// transaction may commit: `expect_rows` raises (with the caller's SQLSTATE) when the rows a
// statement touched, counted by its caller, are none, and the error aborts the transaction, so
// its commit rolls back. A code sign-in marks its code used this way (kysely/code-store.ts):
// the code is used only if still usable, and the sign-in learns whether at its commit instead
// of waiting for the answer before writing its session. SQLite waits for no answer.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) return;
    await sql`
      create function expect_rows(p_rows bigint, p_errcode text, p_message text)
      returns void language plpgsql volatile as $$
      begin
        if p_rows = 0 then
          raise exception using errcode = p_errcode, message = p_message;
        end if;
      end $$`.execute(db);
  },
};
