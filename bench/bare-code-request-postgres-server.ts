/**
 * The bare code request on PostgreSQL: what a code request and its text cost there with nothing
 * around them, on the service's own schema (its migrations), straight on node-postgres in bare
 * Fastify with the service's pool size. Two shapes, chosen by BARE_PG:
 *
 * - `statements`: the service's statements for one (traced from it, docs/performance.md), each
 *   a round trip: a transaction with the account, its number, the browser's standing, the two
 *   cooldowns and the number's counts as the limit functions of migration 0019, an activity row,
 *   the allowance, the pumping guard's suspensions, the code replaced, the outbox row and the
 *   limits' new times (migration 0019); then the guard's counts on their own (hot rows, so never held for a whole
 *   transaction, as in the service), committed without waiting for the flush unless
 *   GUARD_ASYNC_COMMIT=off.
 * - `one-call`: the same statements inside one PL/pgSQL function, so the transaction is one
 *   round trip; the guard's counts again on their own. This is the shape "a use case as one
 *   function" would give the service, with nothing else around it.
 *
 * The texts go out as the dispatcher's writes, a batch at a time, one delivery running at once:
 * claimed and their attempts started in one transaction, the development inbox, then each
 * attempt ended and its text delivered in one statement.
 */
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { openPostgres } from '../src/storage/postgres/open-postgres.ts';
import { createTestDatabase } from '../test/helpers/postgres.ts';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 10_000);
const oneCall = process.env.BARE_PG === 'one-call';
// As the service: the guard's counts commit without waiting for their flush unless GUARD_ASYNC_COMMIT=off.
const asyncCommit = process.env.GUARD_ASYNC_COMMIT !== 'off';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const database = await createTestDatabase();
// The service's migrations make the schema, its limit functions included.
await (await openPostgres(database.url)).close();
const pool = new pg.Pool({ connectionString: database.url, max: 10 });
// Dropping the database at the end ends any connection still open; a pool without an error
// listener would crash the process on it and print a trace into the benchmark's output.
pool.on('error', (error) => {
  if (!closing) console.error(error);
});

const key = randomBytes(32);
const hmac = (purpose: string, value: string) => createHmac('sha256', key).update(purpose).update('\0').update(value).digest('base64url');

const now = Date.now();
const ids = Array.from({ length: ACCOUNTS }, () => [randomUUID(), randomUUID()] as const);
await pool.query(
  `insert into accounts (id, email, password_hash, created_at, email_verified_at)
   select a, 'bare-' || (n - 1) || '@example.se', 'not a password hash', $2, $2 from unnest($1::text[]) with ordinality as t(a, n)`,
  [ids.map(([account]) => account), now],
);
await pool.query(
  `insert into phones (id, account_id, region, e164, verified_at, created_at)
   select p, a, 'SE', '+46703' || lpad((n - 1)::text, 6, '0'), $3, $3 from unnest($1::text[], $2::text[]) with ordinality as t(p, a, n)`,
  [ids.map(([, phone]) => phone), ids.map(([account]) => account), now],
);

// Each statement is named, so parsed and planned once per connection, as the service's are.
const q = (name: string, text: string) => (client: pg.Pool | pg.ClientBase, values: unknown[]) => client.query({ name, text, values });
const find = {
  account: q('account', 'select * from accounts where email = $1 and disabled_at is null'),
  phone: q('phone', 'select * from phones where account_id = $1 and e164 = $2 and verified_at is not null'),
  standing: q(
    'standing',
    'select max(case when device_key = $1 then 1 else 0 end) as known, count(*) as browsers from known_devices where account_id = $2 and last_seen_at >= $3',
  ),
};
const hold = q('hold', 'select limit_window_hold_nth_newest($1, $2, $3, 0, $4) as at');
const holdCounts = q('hold_counts', 'select limit_window_hold_counts($1, $2, $3, $4, $5) as counts');
const countSince = q('count_since', 'select (select count(*) from unnest(times) as t where t > $3) as n from limit_windows where bucket = $1 and key = $2');
const insertActivity = q('activity', 'insert into activity_events (id, account_id, kind, at, ip, user_agent, detail) values ($1, $2, $3, $4, $5, $6, $7)');
const suspended = q('suspended', "select scope from guard_suspensions where ((scope = 'prefix' and key = $1) or (scope = 'region' and key = $2)) and until > $3");
const replaceCode = q(
  'replace_code',
  `with voided as (update one_time_codes set invalidated_at = $1 where account_id = $2 and purpose = 'sign_in' and used_at is null and invalidated_at is null)
   insert into one_time_codes (id, account_id, phone_id, purpose, code_hmac, created_at, expires_at, attempts) values ($3, $2, $4, 'sign_in', $5, $1, $6, 0)`,
);
const enqueue = q(
  'enqueue',
  "insert into sms_outbox (id, channel, recipient, body, locale, purpose, code_id, status, attempts, next_attempt_at, created_at, updated_at) values ($1, 'sms', $2, $3, 'sv', 'sign_in', $4, 'queued', 0, $5, $5, $5)",
);
const recordEach = q('record_each', 'select limit_window_record($1::text[], $2::text[], $3, 100)');
const countGuard = q(
  asyncCommit ? 'guard_async' : 'guard',
  `with added as (
     insert into guard_buckets (scope, key, minute, texts, code_texts, conversions) values ('prefix', $1, $3, 1, 1, 0), ('region', $2, $3, 1, 1, 0)
     on conflict (scope, key, minute) do update set texts = guard_buckets.texts + 1, code_texts = guard_buckets.code_texts + 1
     returning scope, texts, code_texts, conversions)
   select scope, sum(texts) as texts, sum(code_texts) as code_texts, sum(conversions) as conversions${asyncCommit ? ", max(set_config('synchronous_commit', 'off', true)) as async_commit" : ''} from (
     select * from added
     union all
     select scope, texts, code_texts, conversions from guard_buckets
       where ((scope = 'prefix' and key = $1) or (scope = 'region' and key = $2)) and minute > $4 and minute <> $3) as minutes
   group by scope`,
);

if (oneCall) {
  await pool.query(`
    create function bare_code_request(p_email text, p_e164 text, p_ip text, p_ua text, p_at bigint, p_device text, p_pair text,
      p_allowance text, p_number text, p_prefix text, p_code_id text, p_code_hmac text, p_text_id text, p_body text)
    returns boolean language plpgsql volatile as $$
    declare
      v_account text;
      v_phone text;
    begin
      select id into v_account from accounts where email = p_email and disabled_at is null;
      select id into v_phone from phones where phones.account_id = coalesce(v_account, '') and e164 = p_e164 and verified_at is not null;
      perform max(case when device_key = p_device then 1 else 0 end), count(*) from known_devices
        where known_devices.account_id = coalesce(v_account, '') and last_seen_at >= p_at - 400 * ${DAY_MS}::bigint;
      perform limit_window_hold_nth_newest('sign_in_code:pair-client', p_pair || ':' || p_ip, p_at - 60000, 0, p_at);
      perform limit_window_hold_nth_newest('sign_in_code:pair', p_pair || ':other', p_at - 60000, 0, p_at);
      if v_account is null or v_phone is null then return false; end if;
      insert into activity_events (id, account_id, kind, at, ip, user_agent, detail)
        values (gen_random_uuid()::text, v_account, 'code_requested', p_at, p_ip, p_ua, '{"number":"00"}');
      perform (select count(*) from unnest(times) as t where t > p_at - ${DAY_MS}::bigint) from limit_windows where bucket = 'sign_in_code:allowance' and key = p_allowance;
      perform limit_window_hold_counts('sms:number', p_number, array['sms:number', 'sms:number:stranger'], array[p_number, p_number], p_at - ${DAY_MS}::bigint);
      perform scope from guard_suspensions where ((scope = 'prefix' and key = p_prefix) or (scope = 'region' and key = 'SE')) and until > p_at;
      update one_time_codes set invalidated_at = p_at
        where one_time_codes.account_id = v_account and purpose = 'sign_in' and used_at is null and invalidated_at is null;
      insert into one_time_codes (id, account_id, phone_id, purpose, code_hmac, created_at, expires_at, attempts)
        values (p_code_id, v_account, v_phone, 'sign_in', p_code_hmac, p_at, p_at + 600000, 0);
      insert into sms_outbox (id, channel, recipient, body, locale, purpose, code_id, status, attempts, next_attempt_at, created_at, updated_at)
        values (p_text_id, 'sms', p_e164, p_body, 'sv', 'sign_in', p_code_id, 'queued', 0, p_at, p_at, p_at);
      perform limit_window_record(array['sms:number', 'sms:number:stranger', 'sign_in_code:allowance'], array[p_number, p_number, p_allowance], p_at, 100);
      return true;
    end $$`);
}
const requestInOneCall = q('request', 'select bare_code_request($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) as sent');

interface Text {
  readonly id: string;
  readonly codeId: string;
  readonly to: string;
  readonly body: string;
}

async function request(email: string, e164: string, ip: string, userAgent: string): Promise<Text | undefined> {
  const at = Date.now();
  const device = hmac('device', 'none');
  const pair = hmac('pair', `${email}\n${e164}`);
  const numberKey = hmac('number', e164);
  const prefix = e164.slice(0, 8);
  const codeId = randomUUID();
  const code = String(randomInt(100_000_000)).padStart(8, '0');
  const text = { id: randomUUID(), codeId, to: e164, body: `Din engångskod för att logga in är ${code}. @localhost #${code}` };
  const codeHmac = hmac('one-time-code', `${codeId}:${code}`);
  let sent: boolean;
  if (oneCall) {
    // Keyed by the email here (the function cannot make the account's HMAC): a key per account all the same.
    const allowance = hmac('allowance', `${email}:other`);
    const { rows } = await requestInOneCall(pool, [email, e164, ip, userAgent, at, device, pair, allowance, numberKey, prefix, codeId, codeHmac, text.id, text.body]);
    sent = rows[0].sent === true;
  } else {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const account = (await find.account(client, [email])).rows[0] as { id: string } | undefined;
      const phone = (await find.phone(client, [account?.id ?? '', e164])).rows[0] as { id: string } | undefined;
      await find.standing(client, [device, account?.id ?? '', at - 400 * DAY_MS]);
      await hold(client, ['sign_in_code:pair-client', `${pair}:${ip}`, at - 60_000, at]);
      await hold(client, ['sign_in_code:pair', `${pair}:other`, at - 60_000, at]);
      sent = account !== undefined && phone !== undefined;
      if (account && phone) {
        await insertActivity(client, [randomUUID(), account.id, 'code_requested', at, ip, userAgent, JSON.stringify({ number: e164.slice(-2) })]);
        const allowance = hmac('allowance', `${account.id}:other`);
        await countSince(client, ['sign_in_code:allowance', allowance, at - DAY_MS]);
        await holdCounts(client, ['sms:number', numberKey, ['sms:number', 'sms:number:stranger'], [numberKey, numberKey], at - DAY_MS]);
        await suspended(client, [prefix, 'SE', at]);
        await replaceCode(client, [at, account.id, codeId, phone.id, codeHmac, at + 600_000]);
        await enqueue(client, [text.id, e164, text.body, codeId, at]);
        await recordEach(client, [['sms:number', 'sms:number:stranger', 'sign_in_code:allowance'], [numberKey, numberKey, allowance], at]);
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }
  if (!sent) return undefined;
  const minute = at - (at % 60_000);
  await countGuard(pool, [prefix, 'SE', minute, at - HOUR_MS]);
  return text;
}

const claim = q(
  'claim',
  "update sms_outbox set claimed_from = status, status = 'sending', lease_until = $2, attempts = attempts + 1, updated_at = $3 where id = any($1) and status = 'queued'",
);
const codeStates = q('code_states', 'select id, used_at, invalidated_at, attempts, expires_at from one_time_codes where id = any($1)');
const startAttempts = q('start_attempts', "insert into sms_attempts (message_id, attempt, transport, started_at) select id, 1, 'dev', $2 from unnest($1::text[]) as t(id)");
const toInbox = q(
  'to_inbox',
  `insert into dev_sms_inbox (message_id, to_e164, body, created_at, seq)
   select id, recipient, body, $2, (select coalesce(max(seq), 0) from dev_sms_inbox) + n from unnest($1::text[]) with ordinality as t(id, n) join sms_outbox using (id)`,
);
const delivered = q(
  'delivered',
  `with finished as (update sms_attempts set outcome = 'delivered', finished_at = $2 where message_id = any($1) and attempt = 1)
   update sms_outbox set status = 'delivered', transport = 'dev', sent_at = $2, updated_at = $2, lease_until = null, claimed_from = null where id = any($1)`,
);

// The texts handed over, delivered a batch at a time with one delivery running at once.
let waiting: Text[] = [];
let delivering: Promise<void> | undefined;
let closing = false;
function deliver(): void {
  if (delivering || closing || waiting.length === 0) return;
  delivering = deliverBatch().finally(() => {
    delivering = undefined;
    deliver();
  });
}
async function deliverBatch(): Promise<void> {
  const batch = waiting;
  waiting = [];
  const ids = batch.map((text) => text.id);
  const at = Date.now();
  const client = await pool.connect();
  try {
    await client.query('begin');
    await claim(client, [ids, at + 30_000, at]);
    await codeStates(client, [batch.map((text) => text.codeId)]);
    await startAttempts(client, [ids, at]);
    await client.query('commit');
  } finally {
    client.release();
  }
  await toInbox(pool, [ids, at]);
  await delivered(pool, [ids, Date.now()]);
}

const app = Fastify();
app.post<{ Body: { email: string; number: string } }>('/bare-code-request', async (request_, reply) => {
  const email = String(request_.body?.email ?? '').toLowerCase();
  const e164 = String(request_.body?.number ?? '');
  const text = await request(email, e164, request_.ip, String(request_.headers['user-agent'] ?? ''));
  if (text) {
    waiting.push(text);
    deliver();
  }
  return reply.code(202).send({ status: 'sent' });
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`bare code request on postgres listening ${address}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    closing = true;
    void app
      .close()
      .then(() => delivering)
      .then(() => pool.end())
      .then(() => database.drop())
      .finally(() => process.exit(0));
  });
}
