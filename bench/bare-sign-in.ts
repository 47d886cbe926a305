import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type SQLite from 'better-sqlite3';

const DAY_MS = 86_400_000;

/** Runs `work` as a savepoint of the turn's transaction; resolves once the turn's COMMIT is done. */
export type InGroup = <T>(work: () => T) => Promise<T>;

/**
 * A bare code sign-in on the service's schema, for the yardstick servers: what it answers is
 * the session's token, or undefined for a wrong code.
 *
 * `writes` (`bare-code-sign-in`): the least a code sign-in can do. The account by email, its
 * failure count, its newest usable code, the code's HMAC compared, the code used, an activity
 * row and a session row.
 *
 * `rules` (`bare-code-sign-in-rules`): the statements the service itself runs for one (traced
 * from it on SQLite), in its order and with its columns. The account read whole, the browser's
 * standing among the known devices, the failure count as the nth newest event, the code read
 * with the number it was texted to, the code used, the browser remembered, the session and
 * activity rows as the service writes them, and the pumping guard's conversion counted for the
 * number's prefix and region (a unit of its own in the same COMMIT).
 */
export function bareSignIn(db: SQLite.Database, hmac: Hmac, mode: 'writes' | 'rules', inGroup: InGroup): SignIn {
  return mode === 'writes' ? leastSignIn(db, hmac, inGroup) : signInByRules(db, hmac, inGroup);
}

type Hmac = (purpose: string, value: string) => string;
type SignIn = (email: string, code: string, ip: string, userAgent: string) => Promise<string | undefined>;

const insertActivity = (db: SQLite.Database) => db.prepare('insert into activity_events (id, account_id, kind, at, ip, user_agent, detail) values (?, ?, ?, ?, ?, ?, ?)');
const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

function leastSignIn(db: SQLite.Database, hmac: Hmac, inGroup: InGroup): SignIn {
  const findAccount = db.prepare('select id from accounts where email = ?');
  const countFailures = db.prepare('select count(*) as n from limit_windows w, json_each(w.times) where w.bucket = ? and w.key = ? and value > ?');
  const findCode = db.prepare(
    "select id, code_hmac from one_time_codes where account_id = ? and purpose = 'sign_in' and used_at is null and invalidated_at is null and expires_at > ? and attempts < 5 order by created_at desc limit 1",
  );
  const useCode = db.prepare('update one_time_codes set used_at = ? where id = ? and used_at is null');
  const activity = insertActivity(db);
  const insertSession = db.prepare(
    "insert into sessions (id, token_hash, account_id, method, created_at, last_seen_at, expires_at) values (?, ?, ?, 'otp', ?, ?, ?)",
  );
  const signIn = db.transaction((accountId: string, code: string, ip: string, userAgent: string): string | undefined => {
    const at = Date.now();
    if ((countFailures.get('otp:failure', hmac('limit:account', accountId), at - DAY_MS) as { n: number }).n >= 10) return undefined;
    const row = findCode.get(accountId, at) as { id: string; code_hmac: string } | undefined;
    if (!row || row.code_hmac !== hmac('one-time-code', `${row.id}:${code}`)) return undefined;
    if (useCode.run(at, row.id).changes !== 1) return undefined;
    activity.run(randomUUID(), accountId, 'signed_in', at, ip, userAgent, JSON.stringify({ method: 'otp' }));
    const token = randomBytes(32).toString('base64url');
    insertSession.run(randomUUID(), tokenHash(token), accountId, at, at, at + DAY_MS);
    return token;
  });
  return async (email, code, ip, userAgent) => {
    const account = findAccount.get(email) as { id: string } | undefined;
    return account && (await inGroup(() => signIn(account.id, code, ip, userAgent)));
  };
}

function signInByRules(db: SQLite.Database, hmac: Hmac, inGroup: InGroup): SignIn {
  const findAccount = db.prepare('select * from accounts where email = ? and disabled_at is null');
  const standing = db.prepare(
    'select max(case when device_key = ? then 1 else 0 end) as known, count(*) as browsers from known_devices where account_id = ? and last_seen_at >= ?',
  );
  const nthFailure = db.prepare('select value as at from limit_windows w, json_each(w.times) where w.bucket = ? and w.key = ? and value > ? limit 1 offset 9');
  const findCodeWithNumber = db.prepare(
    "select *, (select e164 from phones where phones.id = one_time_codes.phone_id) as sent_e164, (select region from phones where phones.id = one_time_codes.phone_id) as sent_region from one_time_codes where account_id = ? and purpose = 'sign_in' and used_at is null and invalidated_at is null and expires_at > ? and attempts < ? order by created_at desc limit 1",
  );
  const useCodeIfUsable = db.prepare(
    'update one_time_codes set used_at = ? where id = ? and (used_at is null and invalidated_at is null and expires_at > ? and attempts < ?) returning id',
  );
  const rememberDevice = db.prepare(
    'insert into known_devices (account_id, device_key, first_seen_at, last_seen_at) values (?, ?, ?, ?) on conflict (account_id, device_key) do update set last_seen_at = ?',
  );
  const insertSession = db.prepare(
    "insert into sessions (id, token_hash, account_id, method, created_at, last_seen_at, expires_at, revoked_at, user_agent, client_ip) values (?, ?, ?, 'otp', ?, ?, ?, ?, ?, ?)",
  );
  const activity = insertActivity(db);
  const countConversion = db.prepare(
    "insert into guard_buckets (scope, key, minute, texts, code_texts, conversions) values ('prefix', ?, ?, 0, 0, 1), ('region', ?, ?, 0, 0, 1) on conflict (scope, key, minute) do update set texts = guard_buckets.texts + excluded.texts, code_texts = guard_buckets.code_texts + excluded.code_texts, conversions = guard_buckets.conversions + excluded.conversions",
  );
  const signIn = db.transaction((accountId: string, code: string, ip: string, userAgent: string) => {
    const at = Date.now();
    // Each browser of the benchmark is new, as its clients keep no cookies.
    const deviceKey = hmac('device', randomBytes(16).toString('base64url'));
    standing.get(deviceKey, accountId, at - 90 * DAY_MS);
    if (nthFailure.get('otp:failure', hmac('limit:account', accountId), at - DAY_MS)) return undefined;
    const row = findCodeWithNumber.get(accountId, at, 5) as { id: string; code_hmac: string; sent_e164: string } | undefined;
    if (!row || row.code_hmac !== hmac('one-time-code', `${row.id}:${code}`)) return undefined;
    if (!useCodeIfUsable.get(at, row.id, at, 5)) return undefined;
    rememberDevice.run(accountId, deviceKey, at, at, at);
    const token = randomBytes(32).toString('base64url');
    insertSession.run(randomUUID(), tokenHash(token), accountId, at, at, at + DAY_MS, null, userAgent, ip);
    activity.run(randomUUID(), accountId, 'signed_in', at, ip, userAgent, JSON.stringify({ method: 'otp' }));
    return { token, number: row.sent_e164 };
  });
  const conversion = db.transaction((number: string) => {
    const minute = Math.floor(Date.now() / 60_000);
    countConversion.run(number.slice(0, 6), minute, 'SE', minute);
  });
  return async (email, code, ip, userAgent) => {
    const account = await inGroup(() => findAccount.get(email) as { id: string } | undefined);
    const signedIn = account && (await inGroup(() => signIn(account.id, code, ip, userAgent)));
    if (signedIn) await inGroup(() => conversion(signedIn.number));
    return signedIn?.token;
  };
}

/** The answer of a bare sign-in, shaped as the service's. */
export const signedInBody = (token: string) => ({ token, expiresAt: new Date(Date.now() + DAY_MS).toISOString() });
