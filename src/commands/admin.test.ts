import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, postgresUnavailable } from '../../test/helpers/postgres.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import { runCli } from '../../test/helpers/cli.ts';

const root = new URL('../..', import.meta.url).pathname;

describe('the operator commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-admin-'));
  const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, SECRET_KEY: 'an operator test secret of 32 characters' };
  const cli = (...args: string[]) => runCli(args, { cwd: root, env });
  const anna = { id: randomUUID(), phoneId: randomUUID() };

  before(async () => {
    await cli('migrate');
    const storage = await openSqlite(join(dataDir, 'engangskod.sqlite'));
    await storage.accounts.insert({ id: anna.id, email: 'anna@example.se', passwordHash: 'x', createdAt: Date.UTC(2026, 0, 1), emailVerifiedAt: Date.UTC(2026, 0, 1) });
    await storage.accounts.insert({ id: randomUUID(), email: 'bo@example.se', passwordHash: 'x', createdAt: Date.UTC(2026, 0, 2), emailVerifiedAt: Date.UTC(2026, 0, 2) });
    await storage.phones.insert({ id: anna.phoneId, accountId: anna.id, region: 'SE', e164: '+46701234567', verifiedAt: 1, createdAt: 1 });
    await storage.outbox.queue.enqueue({ to: '+46701234567', body: 'Hej', locale: 'sv', purpose: 'notice', codeId: null }, Date.now());
    await storage.close();
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates the database and says so', async () => {
    const { stdout } = await cli('migrate');
    assert.match(stdout, /database \(sqlite\) is at the latest schema/);
  });

  it('lists accounts newest first, as text or JSON', async () => {
    const { stdout } = await cli('users', 'list', '--json');
    assert.deepEqual((JSON.parse(stdout) as { email: string }[]).map((u) => u.email), ['bo@example.se', 'anna@example.se']);
    const text = await cli('users', 'list', '--limit=1');
    assert.match(text.stdout, /^2026-01-02T00:00:00\.000Z {2}bo@example\.se/);
  });

  it('shows one account with its numbers, found by any spelling of its email', async () => {
    const { stdout } = await cli('users', 'show', 'Anna@Example.SE', '--json');
    const shown = JSON.parse(stdout) as { id: string; phones: { e164: string; verified: boolean }[] };
    assert.equal(shown.id, anna.id);
    assert.deepEqual(shown.phones.map((p) => [p.e164, p.verified]), [['+46701234567', true]]);
  });

  it('tells the texts in the outbox by status', async () => {
    const { stdout } = await cli('outbox', 'status', '--json');
    assert.deepEqual((JSON.parse(stdout) as { byStatus: Record<string, number> }).byStatus, { queued: 1 });
  });

  it('lists the texts themselves, never their bodies, by status when asked', async () => {
    const { stdout } = await cli('outbox', 'list', '--json');
    const texts = JSON.parse(stdout) as { id: string; to: string; status: string; purpose: string }[];
    assert.deepEqual(texts.map((x) => [x.to, x.status, x.purpose]), [['+46701234567', 'queued', 'notice']]);
    assert.ok(!stdout.includes('Hej'), 'a body may hold a code');
    assert.match((await cli('outbox', 'list')).stdout, new RegExp(`${texts[0]?.id}  sms  queued`));
    assert.match((await cli('outbox', 'list', '--status=failed')).stdout, /\(no texts or mails in the last 24 h\)/);
  });

  it('retries texts: says what it did, and for a named text it could not retry, why, exiting 1', async () => {
    const all = await cli('outbox', 'retry', '--json');
    assert.deepEqual(JSON.parse(all.stdout), { dueNow: [], sentAgain: [], left: [] });
    const unknown = randomUUID();
    await assert.rejects(cli('outbox', 'retry', unknown), (error: { code: number; stdout: string }) => error.code === 1 && error.stdout.includes(`left ${unknown}: no such text`));
  });

  it('tells and lists mails apart from texts by --channel, and sends a failed notice mail again', async () => {
    const storage = await openSqlite(join(dataDir, 'engangskod.sqlite'));
    const mail = await storage.outbox.queue.enqueue({ channel: 'mail', to: 'anna@example.se', subject: 'Ditt lösenord har ändrats', body: 'Hej', locale: 'sv', purpose: 'password_changed', codeId: null }, Date.now());
    await storage.outbox.queue.claimDue('mail', Date.now(), 30_000, 10);
    await storage.outbox.queue.markFinal(mail, { status: 'failed', error: '550 mailbox unavailable', at: Date.now(), body: 'Hej', attempt: 1 });
    await storage.close();
    const status = JSON.parse((await cli('outbox', 'status', '--json')).stdout) as { byStatus: Record<string, number>; channels: { channel: string; byStatus: Record<string, number> }[] };
    assert.deepEqual(status.byStatus, { queued: 1, failed: 1 });
    assert.deepEqual(status.channels.map((c) => [c.channel, c.byStatus]), [['sms', { queued: 1 }], ['mail', { failed: 1 }]]);
    assert.deepEqual((JSON.parse((await cli('outbox', 'status', '--channel=mail', '--json')).stdout) as { byStatus: object }).byStatus, { failed: 1 });
    const mails = JSON.parse((await cli('outbox', 'list', '--channel=mail', '--json')).stdout) as { id: string; channel: string; to: string }[];
    assert.deepEqual(mails.map((m) => [m.id, m.channel, m.to]), [[mail, 'mail', 'anna@example.se']]);
    assert.match((await cli('outbox', 'status')).stdout, /mails in the outbox by status:\n {2}failed +1/);
    const retried = JSON.parse((await cli('outbox', 'retry', mail, '--json')).stdout) as { sentAgain: { id: string; as: string }[] };
    assert.deepEqual(retried.sentAgain.map((s) => s.id), [mail]);
    assert.deepEqual((JSON.parse((await cli('outbox', 'status', '--channel=mail', '--json')).stdout) as { byStatus: object }).byStatus, { failed: 1, queued: 1 });
    await assert.rejects(cli('outbox', 'list', '--channel=fax'), (error: { code: number; stderr: string }) => error.code === 2 && /--channel takes one of sms, mail/.test(error.stderr));
  });

  it('removes a number, which then shows no more and is in the account’s activity', async () => {
    const removed = await cli('numbers', 'remove', 'anna@example.se', '+46701234567');
    assert.match(removed.stdout, /removed \+46701234567 from anna@example\.se/);
    assert.equal((await cli('numbers', 'anna@example.se')).stdout.trim(), '(no numbers)');
    const { stdout } = await cli('users', 'show', 'anna@example.se', '--json');
    assert.equal((JSON.parse(stdout) as { activity: { kind: string; userAgent: string }[] }).activity[0]?.kind, 'phone_removed');
  });

  it('takes option values after a space or an equals sign alike', async () => {
    const spaced = JSON.parse((await cli('users', 'list', '--limit', '1', '--json')).stdout) as unknown[];
    const joined = JSON.parse((await cli('users', 'list', '--limit=1', '--json')).stdout) as unknown[];
    assert.equal(spaced.length, 1);
    assert.deepEqual(spaced, joined);
  });

  it('refuses unknown options, options another command takes and bad values, with the usage and exit status 2', async () => {
    const refused = (pattern: RegExp) => (error: { code: number; stderr: string }) => error.code === 2 && pattern.test(error.stderr);
    await assert.rejects(cli('users', 'list', '--limt', '1'), refused(/Unknown option '--limt'[\s\S]*usage: engangskod users list/));
    await assert.rejects(cli('users', 'show', 'anna@example.se', '--limit', '1'), refused(/Unknown option '--limit'/));
    await assert.rejects(cli('users', 'list', '--limit', 'five'), refused(/--limit takes a whole number from 1, not five\nusage: engangskod users/));
    await assert.rejects(cli('users', 'list', '--limit'), refused(/argument missing/));
    await assert.rejects(cli('outbox', 'status', '--limit=5'), refused(/Unknown option '--limit'[\s\S]*usage: engangskod outbox/));
    await assert.rejects(cli('numbers', 'anna@example.se', 'extra'), refused(/usage: engangskod numbers/));
  });

  it('prints a command’s usage for --help and exits 0', async () => {
    assert.match((await cli('users', '--help')).stdout, /^usage: engangskod users list \[--limit N\]/);
    assert.match((await cli('outbox', 'list', '-h')).stdout, /^usage: engangskod outbox status/);
  });

  it('refuses a database that does not exist yet, creating nothing (no database, no secret key)', async () => {
    const elsewhere = join(dataDir, 'not-here');
    const inFolder = (...args: string[]) => runCli(args, { cwd: root, env: { ...process.env, NODE_ENV: 'development', DATA_DIR: elsewhere } });
    for (const args of [['users', 'list'], ['outbox', 'status'], ['guard', 'list'], ['keys', 'list']]) {
      await assert.rejects(inFolder(...args), (error: { code: number; stderr: string }) => error.code === 1 && /no database at .*not-here\/engangskod\.sqlite/.test(error.stderr));
    }
    assert.ok(!existsSync(elsewhere));
  });

  it('refuses a PostgreSQL database the service never set up, creating no table in it', async (t) => {
    const unavailable = await postgresUnavailable();
    if (unavailable) return t.skip(unavailable);
    const empty = await createTestDatabase();
    try {
      const on = (...args: string[]) => runCli(args, { cwd: root, env: { ...env, DATABASE_URL: empty.url } });
      for (const args of [['users', 'list'], ['outbox', 'status'], ['guard', 'list'], ['keys', 'list'], ['secrets', 'status']]) {
        await assert.rejects(on(...args), (error: { code: number; stderr: string }) => error.code === 1 && /the database has no Engångskod tables yet/.test(error.stderr), args.join(' '));
      }
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      try {
        assert.equal((await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'")).rows[0].n, 0);
      } finally {
        await client.end();
      }
      // Once set up, the same commands work on it.
      await on('migrate');
      assert.equal((await on('users', 'list')).stdout.trim(), '(no accounts)');
    } finally {
      await empty.drop();
    }
  });

  it('exits 1 for an unknown account and 2 for words it does not take', async () => {
    await assert.rejects(cli('users', 'show', 'nobody@example.se'), (error: { code: number; stderr: string }) => error.code === 1 && /no account/.test(error.stderr));
    await assert.rejects(cli('users', 'frobnicate'), (error: { code: number; stderr: string }) => error.code === 2 && /usage: engangskod users/.test(error.stderr));
    await assert.rejects(cli('outbox', 'status', '--hours=-1'), (error: { code: number }) => error.code === 2);
    await assert.rejects(cli('outbox', 'list', '--status=lost'), (error: { code: number; stderr: string }) => error.code === 2 && /--status takes one of queued/.test(error.stderr));
    await assert.rejects(cli('outbox', 'list', '--limit=0'), (error: { code: number }) => error.code === 2);
    await assert.rejects(cli('outbox', 'status', 'extra'), (error: { code: number; stderr: string }) => error.code === 2 && /outbox retry/.test(error.stderr));
  });

  describe('users sessions, disable, enable and delete', () => {
    const cora = { id: randomUUID(), email: 'cora@example.se', sessionId: randomUUID() };
    before(async () => {
      const storage = await openSqlite(join(dataDir, 'engangskod.sqlite'));
      const now = Date.now();
      await storage.accounts.insert({ id: cora.id, email: cora.email, passwordHash: 'x', createdAt: now, emailVerifiedAt: now });
      await storage.phones.insert({ id: randomUUID(), accountId: cora.id, region: 'SE', e164: '+46701234599', verifiedAt: now, createdAt: now });
      await storage.sessions.insert({
        id: cora.sessionId,
        tokenHash: `hash-${cora.sessionId}`,
        accountId: cora.id,
        method: 'pwd',
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + 3600_000,
        revokedAt: null,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
        clientIp: '192.0.2.7',
      });
      await storage.close();
    });

    it('lists an account’s sessions with browser, address, method and when', async () => {
      const { stdout } = await cli('users', 'sessions', 'Cora@example.se', '--json');
      const sessions = JSON.parse(stdout) as { id: string; browser: string; ip: string; method: string; signedInAt: string }[];
      assert.deepEqual(sessions.map((s) => [s.id, s.ip, s.method]), [[cora.sessionId, '192.0.2.7', 'pwd']]);
      assert.match(sessions[0]?.browser ?? '', /Firefox 133/);
      const text = (await cli('users', 'sessions', 'cora@example.se')).stdout;
      assert.match(text, /password {2}192\.0\.2\.7 {2}Firefox 133.* last seen /);
    });

    it('disables an account: its sessions end, the list says so, and enabling brings it back', async () => {
      assert.match((await cli('users', 'disable', 'cora@example.se')).stdout, /^disabled cora@example\.se; its sessions ended/);
      assert.equal((await cli('users', 'sessions', 'cora@example.se')).stdout.trim(), '(no sessions)');
      assert.match((await cli('users', 'list')).stdout, /cora@example\.se {2}[0-9a-f-]{36} {2}disabled 20\d\d-/);
      const shown = JSON.parse((await cli('users', 'show', 'cora@example.se', '--json')).stdout) as { disabledAt: string | null };
      assert.ok(shown.disabledAt, 'operators still find a disabled account');
      assert.match((await cli('users', 'disable', 'cora@example.se')).stdout, /was disabled already/);

      const storage = await openSqlite(join(dataDir, 'engangskod.sqlite'));
      try {
        assert.equal(await storage.accounts.findByEmail(cora.email), undefined, 'sign-in finds no such account');
      } finally {
        await storage.close();
      }
      assert.match((await cli('users', 'enable', 'cora@example.se')).stdout, /^enabled cora@example\.se/);
      assert.match((await cli('users', 'enable', 'cora@example.se')).stdout, /was not disabled/);
      const listed = JSON.parse((await cli('users', 'list', '--json')).stdout) as { email: string; disabledAt: string | null }[];
      assert.equal(listed.find((u) => u.email === cora.email)?.disabledAt, null);
    });

    it('deletes an account and everything about it, with a last notice queued to its channels', async () => {
      const { stdout } = await cli('users', 'delete', 'cora@example.se', '--json');
      assert.deepEqual(JSON.parse(stdout), { id: cora.id, email: cora.email, deleted: true });
      await assert.rejects(cli('users', 'show', 'cora@example.se'), (error: { code: number; stderr: string }) => error.code === 1 && /no account with the email cora@example\.se/.test(error.stderr));
      await assert.rejects(cli('users', 'delete', 'cora@example.se'), (error: { code: number }) => error.code === 1);
      const farewells = (JSON.parse((await cli('outbox', 'list', '--json')).stdout) as { to: string; purpose: string }[]).filter((m) => m.purpose === 'account_deleted');
      assert.deepEqual(farewells.map((m) => m.to).sort(), ['+46701234599', 'cora@example.se']);
    });

    it('refuses the one-account words without an email, or with two', async () => {
      for (const sub of ['sessions', 'disable', 'enable', 'delete']) {
        await assert.rejects(cli('users', sub), (error: { code: number; stderr: string }) => error.code === 2 && /users delete <email>/.test(error.stderr));
        await assert.rejects(cli('users', sub, 'a@example.se', 'b@example.se'), (error: { code: number }) => error.code === 2);
      }
    });
  });
});
