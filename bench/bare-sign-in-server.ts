/**
 * The benchmark's second yardstick: the least a code sign-in can do on the service's own
 * schema, written straight against better-sqlite3 in bare Fastify. Per request: the account by
 * email, the account's failure count, its newest usable code, the code's HMAC compared, the code
 * used, an activity row and a session row; each request a savepoint, the requests of one turn of
 * the event loop sharing one COMMIT (as the service's group commit does). No validation, no
 * response-time floor, no limits in memory, no logging or metrics, no async layers.
 *
 * What it reaches as a share of the reference route is the most any implementation of these
 * writes could reach on this machine; docs/performance.md compares the service with both.
 *
 * BARE_SIGN_IN=rules runs instead the statements the service itself runs for one (traced from
 * it on SQLite): the account read whole, the browser's standing among the known devices, the
 * failure count as the nth newest event, the code read with the number it was texted to, the
 * code used, the browser remembered, the session and activity rows as the service writes them,
 * and the pumping guard's conversion counted for the number's prefix and region (a unit of its
 * own in the same COMMIT). What that reaches is the most the service's rules allow.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { openSqlite } from '../src/storage/sqlite/open-sqlite.ts';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 100_000);
const rules = process.env.BARE_SIGN_IN === 'rules';
// Every seeded account has this code out; the benchmark sends it.
const BARE_CODE = process.env.BARE_CODE ?? '123456';
const DAY_MS = 86_400_000;

const file = join(mkdtempSync(join(tmpdir(), 'engangskod-bare-')), 'bare.sqlite');
// The service's migrations make the schema: the same tables and indexes the service writes.
await (await openSqlite(file)).close();
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');

const key = randomBytes(32);
const hmac = (purpose: string, value: string) => createHmac('sha256', key).update(purpose).update('\0').update(value).digest('base64url');

const now = Date.now();
const insertAccount = db.prepare('insert into accounts (id, email, password_hash, created_at) values (?, ?, ?, ?)');
const insertPhone = db.prepare("insert into phones (id, account_id, region, e164, verified_at, created_at) values (?, ?, 'SE', ?, ?, ?)");
const insertCode = db.prepare(
  "insert into one_time_codes (id, account_id, phone_id, purpose, code_hmac, created_at, expires_at) values (?, ?, ?, 'sign_in', ?, ?, ?)",
);
db.transaction(() => {
  for (let i = 0; i < ACCOUNTS; i++) {
    const accountId = randomUUID();
    const codeId = randomUUID();
    const phoneId = randomUUID();
    insertAccount.run(accountId, `bare-${i}@example.se`, 'not a password hash', now);
    // The rules read the code's number; the plain sign-in never does.
    if (rules) insertPhone.run(phoneId, accountId, `+46703${String(i).padStart(6, '0')}`, now, now);
    insertCode.run(codeId, accountId, phoneId, hmac('one-time-code', `${codeId}:${BARE_CODE}`), now, now + 600_000);
  }
})();

const findAccount = db.prepare('select id from accounts where email = ?');
const countFailures = db.prepare('select count(*) as n from limit_events where bucket = ? and key = ? and at > ?');
const findCode = db.prepare(
  "select id, code_hmac from one_time_codes where account_id = ? and purpose = 'sign_in' and used_at is null and invalidated_at is null and expires_at > ? and attempts < 5 order by created_at desc limit 1",
);
const useCode = db.prepare('update one_time_codes set used_at = ? where id = ? and used_at is null');
const insertActivity = db.prepare('insert into activity_events (id, account_id, kind, at, ip, user_agent, detail) values (?, ?, ?, ?, ?, ?, ?)');
const insertSession = db.prepare(
  "insert into sessions (id, token_hash, account_id, method, created_at, last_seen_at, expires_at) values (?, ?, ?, 'otp', ?, ?, ?)",
);

// Savepoints inside one transaction per turn; answered once the turn's COMMIT is done.
const signIn = db.transaction((accountId: string, code: string, ip: string, userAgent: string): string | undefined => {
  const at = Date.now();
  if ((countFailures.get('otp:failure', hmac('limit:account', accountId), at - DAY_MS) as { n: number }).n >= 10) return undefined;
  const row = findCode.get(accountId, at) as { id: string; code_hmac: string } | undefined;
  if (!row || row.code_hmac !== hmac('one-time-code', `${row.id}:${code}`)) return undefined;
  if (useCode.run(at, row.id).changes !== 1) return undefined;
  insertActivity.run(randomUUID(), accountId, 'signed_in', at, ip, userAgent, JSON.stringify({ method: 'otp' }));
  const token = randomBytes(32).toString('base64url');
  insertSession.run(randomUUID(), createHash('sha256').update(token).digest('base64url'), accountId, at, at, at + DAY_MS);
  return token;
});
// The service's statements (BARE_SIGN_IN=rules), in its order and with its columns.
const findAccountWhole = db.prepare('select * from accounts where email = ? and disabled_at is null');
const standing = db.prepare(
  'select max(case when device_key = ? then 1 else 0 end) as known, count(*) as browsers from known_devices where account_id = ? and last_seen_at >= ?',
);
const nthFailure = db.prepare('select at from limit_events where bucket = ? and key = ? and at > ? order by at desc limit 1 offset 9');
const findCodeWithNumber = db.prepare(
  "select *, (select e164 from phones where phones.id = one_time_codes.phone_id) as sent_e164, (select region from phones where phones.id = one_time_codes.phone_id) as sent_region from one_time_codes where account_id = ? and purpose = 'sign_in' and used_at is null and invalidated_at is null and expires_at > ? and attempts < ? order by created_at desc limit 1",
);
const useCodeIfUsable = db.prepare(
  'update one_time_codes set used_at = ? where id = ? and (used_at is null and invalidated_at is null and expires_at > ? and attempts < ?) returning id',
);
const rememberDevice = db.prepare(
  'insert into known_devices (account_id, device_key, first_seen_at, last_seen_at) values (?, ?, ?, ?) on conflict (account_id, device_key) do update set last_seen_at = ?',
);
const insertWholeSession = db.prepare(
  "insert into sessions (id, token_hash, account_id, method, created_at, last_seen_at, expires_at, revoked_at, user_agent, client_ip) values (?, ?, ?, 'otp', ?, ?, ?, ?, ?, ?)",
);
const countConversion = db.prepare(
  "insert into guard_buckets (scope, key, minute, texts, code_texts, conversions) values ('prefix', ?, ?, 0, 0, 1), ('region', ?, ?, 0, 0, 1) on conflict (scope, key, minute) do update set texts = guard_buckets.texts + excluded.texts, code_texts = guard_buckets.code_texts + excluded.code_texts, conversions = guard_buckets.conversions + excluded.conversions",
);
const signInByRules = db.transaction((accountId: string, code: string, ip: string, userAgent: string) => {
  const at = Date.now();
  // Each browser of the benchmark is new, as autocannon keeps no cookies.
  const deviceKey = hmac('device', randomBytes(16).toString('base64url'));
  standing.get(deviceKey, accountId, at - 90 * DAY_MS);
  if (nthFailure.get('otp:failure', hmac('limit:account', accountId), at - DAY_MS)) return undefined;
  const row = findCodeWithNumber.get(accountId, at, 5) as { id: string; code_hmac: string; sent_e164: string } | undefined;
  if (!row || row.code_hmac !== hmac('one-time-code', `${row.id}:${code}`)) return undefined;
  if (!useCodeIfUsable.get(at, row.id, at, 5)) return undefined;
  rememberDevice.run(accountId, deviceKey, at, at, at);
  const token = randomBytes(32).toString('base64url');
  insertWholeSession.run(randomUUID(), createHash('sha256').update(token).digest('base64url'), accountId, at, at, at + DAY_MS, null, userAgent, ip);
  insertActivity.run(randomUUID(), accountId, 'signed_in', at, ip, userAgent, JSON.stringify({ method: 'otp' }));
  return { token, number: row.sent_e164 };
});
const conversion = db.transaction((number: string) => {
  const minute = Math.floor(Date.now() / 60_000);
  countConversion.run(number.slice(0, 6), minute, 'SE', minute);
});

let committing: Array<() => void> | undefined;
function inGroup<T>(work: () => T): Promise<T> {
  if (!committing) {
    db.exec('begin immediate');
    const waiting: Array<() => void> = (committing = []);
    setImmediate(() => {
      committing = undefined;
      db.exec('commit');
      for (const answer of waiting) answer();
    });
  }
  const value = work();
  return new Promise((resolve) => committing!.push(() => resolve(value)));
}

const app = Fastify();
app.post<{ Body: { email: string; code: string } }>('/bare-sign-in', async (request, reply) => {
  const email = String(request.body?.email ?? '').toLowerCase();
  const code = String(request.body?.code ?? '');
  const userAgent = String(request.headers['user-agent'] ?? '');
  let token: string | undefined;
  if (rules) {
    const account = await inGroup(() => findAccountWhole.get(email) as { id: string } | undefined);
    const signedIn = account && (await inGroup(() => signInByRules(account.id, code, request.ip, userAgent)));
    if (signedIn) await inGroup(() => conversion(signedIn.number));
    token = signedIn?.token;
  } else {
    const account = findAccount.get(email) as { id: string } | undefined;
    token = account && (await inGroup(() => signIn(account.id, code, request.ip, userAgent)));
  }
  if (!token) return reply.code(401).send({ status: 401, code: 'code_invalid' });
  return reply
    .code(201)
    .header('set-cookie', `session=${token}; Path=/; HttpOnly; Secure; SameSite=Lax`)
    .send({ token, expiresAt: new Date(Date.now() + DAY_MS).toISOString() });
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`bare sign-in listening ${address}`);
