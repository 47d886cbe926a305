import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

// On PostgreSQL a limit check is an advisory lock on its key and then a read, and the read must
// see what the key's previous holder committed: two statements, two round trips, on every
// code request and sign-in. A volatile PL/pgSQL function takes the lock and then reads with a
// snapshot of its own (each query in it takes a fresh one), so one call does both, and a
// consume records in the same call. The lock's key is the text the store used before
// (`bucket:key`), so instances of either version hold the same lock. SQLite runs one writer at
// a time and needs neither.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) return;
    await sql`
      create function limit_hold_nth_newest(p_bucket text, p_key text, p_since bigint, p_offset integer, p_record_at bigint)
      returns bigint language plpgsql volatile as $$
      declare
        pivot bigint;
      begin
        perform pg_advisory_xact_lock(hashtextextended(p_bucket || ':' || p_key, 0));
        select "at" into pivot from limit_events
          where bucket = p_bucket and "key" = p_key and "at" > p_since
          order by "at" desc limit 1 offset p_offset;
        if pivot is null and p_record_at is not null then
          insert into limit_events (bucket, "key", "at") values (p_bucket, p_key, p_record_at);
        end if;
        return pivot;
      end $$`.execute(db);
    await sql`
      create function limit_hold_counts(p_bucket text, p_key text, p_buckets text[], p_keys text[], p_since bigint)
      returns bigint[] language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(hashtextextended(p_bucket || ':' || p_key, 0));
        return array(
          select (select count(*) from limit_events e where e.bucket = c.bucket and e."key" = c.k and e."at" > p_since)
          from unnest(p_buckets, p_keys) with ordinality as c(bucket, k, n)
          order by c.n);
      end $$`.execute(db);
  },
};
