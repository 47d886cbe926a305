import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';

// On PostgreSQL recording an attempt (a code request that matched nothing, a wrong code) took
// three statements, each waiting for the one before: the group's upsert, which answers its id
// and how many addresses it has; the address's insert, if under the bound; and the group's
// address count, if the address was new. One PL/pgSQL function runs the same three statements
// in one call, which needs no answer, so a transaction sends it and goes on (as the match's
// activity row is sent). SQLite runs the statements back to back with no trip between.
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) return;
    await sql`
      create function activity_record_attempt(p_new_group_id text, p_account_id text, p_kind text, p_day text, p_at bigint,
        p_address_key text, p_ip text, p_user_agent text, p_max_addresses integer)
      returns void language plpgsql volatile as $$
      declare
        v_group text;
        v_addresses integer;
      begin
        -- A simultaneous attempt waits on the unique key and then adds: a day never gets two groups of one kind.
        insert into activity_attempt_groups as g (id, account_id, kind, "day", "count", first_at, last_at, addresses, last_ip, last_user_agent)
          values (p_new_group_id, p_account_id, p_kind, p_day, 1, p_at, p_at, 0, p_ip, p_user_agent)
          on conflict (account_id, kind, "day") do update set
            "count" = g."count" + 1,
            -- Attempts can commit out of order; the times still bracket them all.
            first_at = least(g.first_at, excluded.first_at),
            last_at = greatest(g.last_at, excluded.last_at),
            last_ip = excluded.last_ip,
            last_user_agent = excluded.last_user_agent
          returning g.id, g.addresses into v_group, v_addresses;
        if p_address_key is null or v_addresses >= p_max_addresses then
          return;
        end if;
        insert into activity_attempt_addresses (group_id, address_key) values (v_group, p_address_key)
          on conflict do nothing;
        if found then
          update activity_attempt_groups set addresses = addresses + 1 where id = v_group;
        end if;
      end $$`.execute(db);
  },
};
