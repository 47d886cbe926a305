/**
 * The benchmark's second yardstick: the least a code sign-in can do on the service's own
 * schema, written straight against better-sqlite3 in bare Fastify (its statements are in
 * bench/bare-sign-in.ts); each request a savepoint, the requests of one turn of the event loop
 * sharing one COMMIT (as the service's group commit does). No validation, no response-time
 * floor, no limits in memory, no logging or metrics, no async layers.
 *
 * What it reaches as a share of the reference route is the most any implementation of these
 * writes could reach on this machine; docs/performance.md compares the service with both.
 * BARE_SIGN_IN=rules runs instead the statements the service itself runs for one: what that
 * reaches is the most the service's rules allow.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { openSqlite } from '../src/storage/sqlite/open-sqlite.ts';
import { bareSignIn, signedInBody } from './bare-sign-in.ts';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 100_000);
const rules = process.env.BARE_SIGN_IN === 'rules';
// Every seeded account has this code out; the benchmark sends it.
const BARE_CODE = process.env.BARE_CODE ?? '123456';

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

const signIn = bareSignIn(db, hmac, rules ? 'rules' : 'writes', inGroup);

const app = Fastify();
app.post<{ Body: { email: string; code: string } }>('/bare-sign-in', async (request, reply) => {
  const email = String(request.body?.email ?? '').toLowerCase();
  const code = String(request.body?.code ?? '');
  const token = await signIn(email, code, request.ip, String(request.headers['user-agent'] ?? ''));
  if (!token) return reply.code(401).send({ status: 401, code: 'code_invalid' });
  return reply
    .code(201)
    .header('set-cookie', `session=${token}; Path=/; HttpOnly; Secure; SameSite=Lax`)
    .send(signedInBody(token));
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`bare sign-in listening ${address}`);
