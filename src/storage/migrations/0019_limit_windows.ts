import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

// A rolling limit kept one row per key, holding the key's newest times (newest first), instead
// of a row per event. A code request counts five to seven events; as rows each was an insert
// into the table and two indexes, as a key's row it is one update of one B-tree. The row keeps
// only as many times as the key's limit (the store's caller says how many): a check asks for
// the limit-th newest, a count whether the limit is reached, so older times never decide
// anything. Times are a JSON array on SQLite and a bigint[] on PostgreSQL.
//
// The functions are 0016's on the rows (a consume keeps `p_offset + 1` times, the limit it
// checks), under names of their own. The events table and 0016's functions stay for instances
// of the previous version while a rolling upgrade replaces them (docs/operations.md): those
// count apart from the new rows for those minutes. A later migration drops them.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    if (sqlite) {
      await sql`create table limit_windows (bucket text not null, key text not null, times text not null, primary key (bucket, key)) without rowid`.execute(db);
      await sql`insert into limit_windows (bucket, key, times)
        select bucket, key, json_group_array(at order by at desc) from limit_events group by bucket, key`.execute(db);
      return;
    }
    await sql`create table limit_windows (bucket text not null, key text not null, times bigint[] not null, primary key (bucket, key))`.execute(db);
    await sql`insert into limit_windows (bucket, key, times)
      select bucket, key, array_agg(at order by at desc) from limit_events group by bucket, key`.execute(db);
    // One statement records an event for several keys, each row keeping its `p_keep` newest.
    // PL/pgSQL, not SQL: PostgreSQL before 18 plans a SQL function's statements at every call,
    // a PL/pgSQL one once a connection.
    await sql`
      create function limit_window_record(p_buckets text[], p_keys text[], p_at bigint, p_keep integer)
      returns void language plpgsql volatile as $$
      begin
        insert into limit_windows as w (bucket, "key", times)
          select b, k, array[p_at] from unnest(p_buckets, p_keys) as u(b, k)
        on conflict (bucket, "key") do update
          set times = array(select t from unnest(w.times || excluded.times) as t order by t desc limit p_keep);
      end $$`.execute(db);
    await sql`
      create function limit_window_hold_nth_newest(p_bucket text, p_key text, p_since bigint, p_offset integer, p_record_at bigint)
      returns bigint language plpgsql volatile as $$
      declare
        pivot bigint;
      begin
        perform pg_advisory_xact_lock(hashtextextended(p_bucket || ':' || p_key, 0));
        select t into pivot from limit_windows w, unnest(w.times) as t
          where w.bucket = p_bucket and w."key" = p_key and t > p_since
          order by t desc limit 1 offset p_offset;
        if pivot is null and p_record_at is not null then
          insert into limit_windows as w (bucket, "key", times) values (p_bucket, p_key, array[p_record_at])
          on conflict (bucket, "key") do update
            set times = array(select t from unnest(w.times || excluded.times) as t order by t desc limit p_offset + 1);
        end if;
        return pivot;
      end $$`.execute(db);
    await sql`
      create function limit_window_hold_counts(p_bucket text, p_key text, p_buckets text[], p_keys text[], p_since bigint)
      returns bigint[] language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(hashtextextended(p_bucket || ':' || p_key, 0));
        return array(
          select coalesce((select count(*) from limit_windows w, unnest(w.times) as t where w.bucket = c.bucket and w."key" = c.k and t > p_since), 0)
          from unnest(p_buckets, p_keys) with ordinality as c(bucket, k, n)
          order by c.n);
      end $$`.execute(db);
  },
};
