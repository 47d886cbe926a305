import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { codeIn } from '../helpers/api-client.ts';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from '../helpers/postgres.ts';
import { redisUnavailable, testRedisUrl } from '../helpers/redis.ts';
import { eventually, freePort, sourceService, startService, type ServiceProcess } from '../helpers/service-process.ts';

/**
 * Two service processes on different ports share one PostgreSQL and one Redis, as a
 * scaled-out deployment does. The product's rules must hold across them: single use,
 * newest code wins, the resend cooldown, and one text per request.
 */

const skip = (await postgresUnavailable()) ?? (await redisUnavailable());
const DAILY_LIMIT = 20;
/** Short, so the test can wait it out in real time; long enough that a burst lands inside it. */
const RESEND_SECONDS = 4;
const waitOutCooldown = () => new Promise((resolve) => setTimeout(resolve, RESEND_SECONDS * 1000 + 100));

describe('two instances sharing PostgreSQL and Redis', { skip, timeout: 180_000 }, () => {
  let database: TestDatabase;
  let sql: pg.Pool;
  const instances: ServiceProcess[] = [];
  const bases: string[] = [];
  const folders: string[] = [];

  before(async () => {
    database = await createTestDatabase();
    sql = new pg.Pool({ connectionString: database.url, max: 4 });
    const shared = {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      SECRET_KEY: `multi-instance-secret-${randomUUID()}`,
      OTP_DAILY_LIMIT: String(DAILY_LIMIT),
      CODE_RESEND_SECONDS: String(RESEND_SECONDS),
      IP_LIMIT_PER_HOUR: '1000000',
      PREFIX_LIMIT_PER_HOUR: '1000000',
      SMS_GUARD_MIN_TEXTS: '1000000000',
      // The test's redeems all come from 127.0.0.1.
      REDEEM_IP_LIMIT_PER_HOUR: '1000000',
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-multi-'));
      folders.push(dataDir);
      // Started one after the other: the second also proves migrating an up-to-date database is a no-op.
      instances.push(await startService(sourceService, { ...shared, PORT: String(port), DATA_DIR: dataDir }));
      bases.push(`http://127.0.0.1:${port}`);
    }
  });
  after(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await sql?.end();
    await database?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  const call = async (instance: number, method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(bases[instance % 2] + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The newest text to `to` once one newer than `after` texts has arrived. */
  const textNumber = async (to: string, count: number) =>
    eventually(async () => {
      const inbox = (await call(0, 'GET', `/dev/sms.json?to=${encodeURIComponent(to)}`)).body as { body: string }[];
      return inbox.length >= count ? /#(\d+)$/.exec(inbox[0]!.body)![1]! : undefined;
    }, `text number ${count} to ${to}`);

  let signInCount = 0;
  const account = { email: 'delad@example.se', password: 'en delad hemlighet', number: '070-111 22 33', e164: '+46701112233' };

  it('serves one person across both: sign up on one, add and verify a number through the other', async () => {
    assert.equal((await call(0, 'POST', '/api/v1/accounts', { email: account.email, password: account.password })).status, 202);
    const mailed = await eventually(async () => {
      const inbox = (await call(1, 'GET', `/dev/mail.json?to=${encodeURIComponent(account.email)}`)).body as { text: string }[];
      return inbox[0] ? codeIn(inbox[0].text) : undefined;
    }, `the sign-up mail to ${account.email}`);
    assert.equal((await call(1, 'POST', '/api/v1/accounts/verify', { email: account.email, code: mailed })).status, 201);
    const session = await call(1, 'POST', '/api/v1/sessions', { email: account.email, password: account.password });
    const phone = await call(1, 'POST', '/api/v1/me/phones', { region: 'SE', number: account.number }, session.body.token);
    assert.equal(phone.status, 201);
    const code = await textNumber(account.e164, 1);
    const verified = await call(0, 'POST', `/api/v1/me/phones/${phone.body.id}/verify`, { code }, session.body.token);
    assert.equal(verified.status, 200);
    assert.equal((await call(0, 'GET', '/api/v1/me', undefined, session.body.token)).body.phones[0].verified, true);
  });

  it('lets only the newest code work, whichever instance issued each', async () => {
    const request = { email: account.email, region: 'SE', number: account.number };
    assert.equal((await call(0, 'POST', '/api/v1/one-time-codes', request)).status, 202);
    const older = await textNumber(account.e164, 2);
    await waitOutCooldown();
    assert.equal((await call(1, 'POST', '/api/v1/one-time-codes', request)).status, 202);
    const newest = await textNumber(account.e164, 3);
    signInCount = 2;
    assert.equal((await call(1, 'POST', '/api/v1/sessions/one-time-code', { email: account.email, code: older })).status, 401);
    assert.equal((await call(0, 'POST', '/api/v1/sessions/one-time-code', { email: account.email, code: newest })).status, 201);
  });

  it('lets exactly one of 200 simultaneous redeems split across both instances succeed', async () => {
    await waitOutCooldown();
    assert.equal((await call(1, 'POST', '/api/v1/one-time-codes', { email: account.email, region: 'SE', number: account.number })).status, 202);
    signInCount += 1;
    const code = await textNumber(account.e164, 4);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => call(i, 'POST', '/api/v1/sessions/one-time-code', { email: account.email, code })),
    );
    assert.equal(replies.filter((r) => r.status === 201).length, 1);
    assert.equal(replies.filter((r) => r.status === 401).length, 199);
  });

  it('holds the resend cooldown across both under simultaneous requests, for a match and a miss alike', async () => {
    await waitOutCooldown();
    for (const request of [
      { email: account.email, region: 'SE', number: account.number },
      { email: 'grans@example.se', region: 'SE', number: '070-999 00 11' },
    ]) {
      const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i, 'POST', '/api/v1/one-time-codes', request)));
      assert.equal(replies.filter((r) => r.status === 202).length, 1);
      const refused = replies.filter((r) => r.status === 429);
      assert.equal(refused.length, 29);
      assert.ok(refused.every((r) => r.body.code === 'resend_too_soon'), JSON.stringify(refused[0]?.body));
    }
    // One text for the thirty requests: the fifth text to the number, and no sixth.
    signInCount += 1;
    await textNumber(account.e164, 5);
    const inbox = await sql.query('select count(*)::int as n from dev_sms_inbox where to_e164 = $1', [account.e164]);
    assert.equal(inbox.rows[0].n, 5);
  });

  it('sends exactly one text per request, with both dispatchers claiming from one outbox', async () => {
    // Thirty accounts with verified numbers, seeded straight into the database.
    const people = Array.from({ length: 30 }, (_, i) => ({
      id: randomUUID(),
      email: `burst${i}@example.se`,
      e164: `+4670555${String(i).padStart(4, '0')}`,
    }));
    for (const p of people) {
      await sql.query('insert into accounts (id, email, password_hash, created_at) values ($1, $2, $3, $4)', [p.id, p.email, 'x', Date.now()]);
      await sql.query('insert into phones (id, account_id, region, e164, verified_at, created_at) values ($1, $2, $3, $4, $5, $5)', [randomUUID(), p.id, 'SE', p.e164, Date.now()]);
    }
    const replies = await Promise.all(
      people.map((p, i) => call(i, 'POST', '/api/v1/one-time-codes', { email: p.email, region: 'SE', number: p.e164 })),
    );
    assert.ok(replies.every((r) => r.status === 202));
    const e164s = people.map((p) => p.e164);
    const rows = await eventually(async () => {
      const { rows } = await sql.query<{ status: string; attempts: number }>('select status, attempts from sms_outbox where recipient = any($1)', [e164s]);
      return rows.length === people.length && rows.every((r) => r.status === 'delivered') ? rows : undefined;
    }, 'every burst text delivered');
    assert.ok(rows.every((r) => Number(r.attempts) === 1), 'no text was claimed twice');
    const inbox = await sql.query('select count(*)::int as n from dev_sms_inbox where to_e164 = any($1)', [e164s]);
    assert.equal(inbox.rows[0].n, people.length);
    const total = await sql.query<{ n: number }>("select count(*)::int as n from sms_outbox where purpose = 'sign_in' and recipient = $1", [account.e164]);
    assert.equal(total.rows[0]!.n, signInCount, 'the shared account got one text per accepted request');
  });
});
