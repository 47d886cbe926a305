/**
 * A yardstick beside bare-code-sign-in: the least a code request and its text can do on the
 * service's own schema, written straight against better-sqlite3 in bare Fastify. Per request the
 * statements the service runs (traced from it, docs/performance.md): the account by email, its
 * verified number, the browser's standing, the requester's and the pair's cooldowns, an activity
 * row, the allowance and the texts per number of every kind, the pumping guard's suspensions,
 * the older codes voided and the new one written, the outbox row, the limit events, the guard's
 * counts. Each request a savepoint; the requests of one turn of the event loop share one COMMIT.
 * Their texts then go out as the dispatcher's writes (claim, attempt, the development inbox,
 * delivered), all texts of a turn in one transaction. No validation, no response-time floor, no
 * limits in memory, no logging or metrics, no async layers. With the inbox and the bare sign-in
 * beside it, the same server is the journey's yardstick, `bare-flow`.
 */
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { openSqlite } from '../src/storage/sqlite/open-sqlite.ts';
import { bareSignIn, signedInBody } from './bare-sign-in.ts';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 10_000);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const file = join(mkdtempSync(join(tmpdir(), 'engangskod-bare-request-')), 'bare.sqlite');
// The service's migrations make the schema: the same tables and indexes the service writes.
await (await openSqlite(file)).close();
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const key = randomBytes(32);
const hmac = (purpose: string, value: string) => createHmac('sha256', key).update(purpose).update('\0').update(value).digest('base64url');

const now = Date.now();
const insertAccount = db.prepare('insert into accounts (id, email, password_hash, created_at, email_verified_at) values (?, ?, ?, ?, ?)');
const insertPhone = db.prepare("insert into phones (id, account_id, region, e164, verified_at, created_at) values (?, ?, 'SE', ?, ?, ?)");
db.transaction(() => {
  for (let i = 0; i < ACCOUNTS; i++) {
    const accountId = randomUUID();
    insertAccount.run(accountId, `bare-${i}@example.se`, 'not a password hash', now, now);
    insertPhone.run(randomUUID(), accountId, `+46703${String(i).padStart(6, '0')}`, now, now);
  }
})();

// A direction measured against the schema the service has (docs/performance.md):
// BARE_PRUNE_INDEXES=off drops the indexes only housekeeping reads.
if (process.env.BARE_PRUNE_INDEXES === 'off') {
  for (const index of ['activity_events_at', 'one_time_codes_expires', 'sms_outbox_created', 'guard_buckets_minute']) db.exec(`drop index ${index}`);
}

const findAccount = db.prepare('select * from accounts where email = ?');
const findPhone = db.prepare('select * from phones where account_id = ? and e164 = ? and verified_at is not null');
const findDevice = db.prepare('select last_seen_at from known_devices where account_id = ? and device_key = ? and last_seen_at >= ?');
// A rolling limit is one row per key holding its newest times (as the service keeps it).
const limitTimes = db.prepare('select times from limit_windows where bucket = ? and key = ?').pluck();
const upsertTimes = db.prepare('insert into limit_windows (bucket, key, times) values (?, ?, ?) on conflict (bucket, key) do update set times = excluded.times');
const timesOf = (bucket: string, key: string, since: number): number[] =>
  JSON.parse((limitTimes.get(bucket, key) as string | undefined) ?? '[]').filter((at: number) => at > since);
const lastEvent = { get: (bucket: string, key: string, since: number) => timesOf(bucket, key, since)[0] };
const countEvents = { get: (bucket: string, key: string, since: number) => timesOf(bucket, key, since).length };
// A row keeps its newest times, at most 100 of them (the service keeps the key's limit).
const recordEvent = { run: (bucket: string, key: string, at: number) => upsertTimes.run(bucket, key, JSON.stringify([at, ...timesOf(bucket, key, 0)].slice(0, 100))) };
const insertActivity = db.prepare('insert into activity_events (id, account_id, kind, at, ip, user_agent, detail) values (?, ?, ?, ?, ?, ?, ?)');
const suspended = db.prepare("select scope from guard_suspensions where ((scope = 'prefix' and key = ?) or (scope = 'region' and key = ?)) and until > ?");
const voidCodes = db.prepare("update one_time_codes set invalidated_at = ? where account_id = ? and purpose = 'sign_in' and used_at is null and invalidated_at is null");
const insertCode = db.prepare(
  "insert into one_time_codes (id, account_id, phone_id, purpose, code_hmac, created_at, expires_at, attempts) values (?, ?, ?, 'sign_in', ?, ?, ?, 0)",
);
const enqueue = db.prepare(
  "insert into sms_outbox (id, channel, recipient, body, locale, purpose, code_id, status, attempts, next_attempt_at, created_at, updated_at) values (?, 'sms', ?, ?, 'sv', 'sign_in', ?, 'queued', 0, ?, ?, ?)",
);
const countGuard = db.prepare(
  'insert into guard_buckets (scope, key, minute, texts, code_texts, conversions) values (?, ?, ?, 1, 1, 0) on conflict (scope, key, minute) do update set texts = texts + 1, code_texts = code_texts + 1',
);
const sumGuard = db.prepare('select sum(texts) as texts, sum(code_texts) as code_texts, sum(conversions) as conversions from guard_buckets where scope = ? and key = ? and minute > ?');

const claim = db.prepare("update sms_outbox set claimed_from = status, status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ? where id = ? and status = 'queued'");
const codeOf = db.prepare('select * from one_time_codes where id = ?');
const startAttempt = db.prepare("insert into sms_attempts (message_id, attempt, transport, started_at) values (?, 1, 'dev', ?)");
const toInbox = db.prepare('insert into dev_sms_inbox (message_id, to_e164, body, created_at, seq) select ?, ?, ?, ?, coalesce(max(seq), 0) + 1 from dev_sms_inbox');
const finishAttempt = db.prepare("update sms_attempts set outcome = 'delivered', finished_at = ? where message_id = ? and attempt = 1");
const delivered = db.prepare(
  "update sms_outbox set status = 'delivered', transport = 'dev', sent_at = ?, updated_at = ?, lease_until = null, claimed_from = null where id = ?",
);

interface Text {
  readonly id: string;
  readonly codeId: string;
  readonly to: string;
  readonly body: string;
}

const request = db.transaction((email: string, e164: string, ip: string, userAgent: string): Text | undefined => {
  const at = Date.now();
  const account = findAccount.get(email) as { id: string } | undefined;
  const phone = account && (findPhone.get(account.id, e164) as { id: string } | undefined);
  findDevice.get(account?.id ?? 'none', hmac('device', 'none'), at - 400 * DAY_MS);
  const pair = hmac('pair', `${email}\n${e164}`);
  lastEvent.get('sign_in_code:pair-client', `${pair}:${ip}`, at - 60_000);
  recordEvent.run('sign_in_code:pair-client', `${pair}:${ip}`, at);
  lastEvent.get('sign_in_code:pair', `${pair}:other`, at - 60_000);
  recordEvent.run('sign_in_code:pair', `${pair}:other`, at);
  if (!account || !phone) return undefined;
  insertActivity.run(randomUUID(), account.id, 'code_requested', at, ip, userAgent, JSON.stringify({ number: e164.slice(-2) }));
  const allowance = hmac('allowance', `${account.id}:other`);
  countEvents.get('sign_in_code:allowance', allowance, at - DAY_MS);
  const numberKey = hmac('number', e164);
  countEvents.get('sms:number', numberKey, at - DAY_MS);
  countEvents.get('sms:number:stranger', numberKey, at - DAY_MS);
  const prefix = e164.slice(0, 8);
  suspended.all(prefix, 'SE', at);
  voidCodes.run(at, account.id);
  const codeId = randomUUID();
  const code = String(randomInt(100_000_000)).padStart(8, '0');
  insertCode.run(codeId, account.id, phone.id, hmac('one-time-code', `${codeId}:${code}`), at, at + 600_000);
  const text = { id: randomUUID(), codeId, to: e164, body: `Din engångskod för att logga in är ${code}. @localhost #${code}` };
  enqueue.run(text.id, e164, text.body, codeId, at, at, at);
  recordEvent.run('sms:number', numberKey, at);
  recordEvent.run('sms:number:stranger', numberKey, at);
  recordEvent.run('sign_in_code:allowance', allowance, at);
  const minute = at - (at % 60_000);
  for (const [scope, scopeKey] of [['prefix', prefix], ['region', 'SE']] as const) {
    countGuard.run(scope, scopeKey, minute);
    sumGuard.get(scope, scopeKey, at - HOUR_MS);
  }
  return text;
});

const deliver = db.transaction((texts: readonly Text[]) => {
  const at = Date.now();
  for (const text of texts) {
    claim.run(at + 30_000, at, text.id);
    codeOf.get(text.codeId);
    startAttempt.run(text.id, at);
    toInbox.run(text.id, text.to, text.body, at);
    finishAttempt.run(at, text.id);
    delivered.run(at, at, text.id);
  }
});

// Savepoints inside one transaction per turn; answered once the turn's COMMIT is done, and
// that turn's texts delivered in one transaction right after.
let committing: { answers: Array<() => void>; texts: Text[] } | undefined;
function inGroup<T>(work: () => T, textOf: (value: T) => Text | undefined = () => undefined): Promise<T> {
  if (!committing) {
    db.exec('begin immediate');
    const group: { answers: Array<() => void>; texts: Text[] } = (committing = { answers: [], texts: [] });
    setImmediate(() => {
      committing = undefined;
      db.exec('commit');
      for (const answer of group.answers) answer();
      setImmediate(() => deliver(group.texts));
    });
  }
  const group = committing!;
  const value = work();
  const text = textOf(value);
  if (text) group.texts.push(text);
  return new Promise((resolve) => group.answers.push(() => resolve(value)));
}

const app = Fastify();
app.post<{ Body: { email: string; number: string } }>('/bare-code-request', async (request_, reply) => {
  const email = String(request_.body?.email ?? '').toLowerCase();
  const e164 = String(request_.body?.number ?? '');
  await inGroup(() => request(email, e164, request_.ip, String(request_.headers['user-agent'] ?? '')), (text) => text);
  return reply.code(202).send({ status: 'sent' });
});

// The rest of a journey (`bare-flow`): the development inbox read as the service lists it
// (newest first, each with its text's status), and the least a code sign-in can do.
const inbox = db.prepare(
  'select i.to_e164, i.body, i.created_at, o.status from dev_sms_inbox i left join sms_outbox o on o.id = i.message_id where i.to_e164 = ? order by coalesce(o.created_at, i.created_at) desc, i.seq desc limit 200',
);
app.get<{ Querystring: { to?: string } }>('/bare-texts', async (request_) => inbox.all(String(request_.query.to ?? '')));
// BARE_SIGN_IN=rules: the statements the service's rules make a sign-in run (bench/bare-sign-in.ts).
const signIn = bareSignIn(db, hmac, process.env.BARE_SIGN_IN === 'rules' ? 'rules' : 'writes', inGroup);
app.post<{ Body: { email: string; code: string } }>('/bare-sign-in', async (request_, reply) => {
  const email = String(request_.body?.email ?? '').toLowerCase();
  const token = await signIn(email, String(request_.body?.code ?? ''), request_.ip, String(request_.headers['user-agent'] ?? ''));
  if (!token) return reply.code(401).send({ status: 401, code: 'code_invalid' });
  return reply.code(201).send(signedInBody(token));
});
app.get('/bare-texts-waiting', async () => db.prepare("select count(*) as n from sms_outbox where status in ('queued', 'sending')").get());
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`bare code request listening ${address}`);
