import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { ManualClock } from '../lib/clock.ts';
import { Housekeeping } from './housekeeping.ts';
import { openSqlite } from './sqlite/open-sqlite.ts';
import type { Storage } from './storage.ts';

describe('housekeeping', () => {
  let storage: Storage;
  const clock = new ManualClock();
  before(async () => {
    storage = await openSqlite(':memory:');
  });
  after(() => storage.close());

  it('forgets limit events older than two days and codes an hour past expiry, keeping the rest', async () => {
    const now = clock.now();
    await storage.limits.record('b', 'k', now - 49 * 3600_000, 10);
    await storage.limits.record('b', 'k', now - 47 * 3600_000, 10);
    const code = (id: string, expiresAt: number) => ({
      id,
      accountId: null,
      phoneId: null,
      purpose: 'sign_in' as const,
      codeHmac: 'x',
      createdAt: expiresAt - 600_000,
      expiresAt,
      attempts: 0,
    });
    await storage.codes.insert(code('old', now - 2 * 3600_000));
    await storage.codes.insert(code('recent', now - 30 * 60_000));
    const decoy = { to: '', body: 'x', locale: 'sv' as const, purpose: 'sign_in', codeId: null };
    await storage.outbox.queue.enqueueDecoy(decoy, now - 2 * 3600_000);
    await storage.outbox.queue.enqueueDecoy(decoy, now - 10 * 60_000);
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.deepEqual(removed, { limitKeys: 1, codes: 1, decoys: 1, activity: 0, texts: 0, oidc: 0, consents: 0, knownDevices: 0, guard: 0, attemptGroups: 0, devMail: 0, unverifiedAccounts: 0, sessions: 0, farewells: 0, emailChanges: 0 });
    assert.equal(await storage.limits.holdNthNewest({ bucket: 'b', key: 'k' }, 0, 1), now - 47 * 3600_000);
    assert.equal(await storage.codes.state('old', now, 5), 'void');
    assert.equal(await storage.codes.state('recent', now, 5), 'expired');
  });

  it('forgets mails a month after they were done, and the development mail inbox as long, keeping queued mails', async () => {
    const now = clock.now();
    const month = 30 * 24 * 3600_000;
    const mail = { channel: 'mail' as const, to: 'anna@example.se', subject: 'Hej', body: 'x', locale: 'sv' as const, purpose: 'password_changed', codeId: null };
    const done = await storage.outbox.queue.enqueue(mail, now - month - 60_000);
    await storage.outbox.queue.claimDue('mail', now - month - 60_000, 30_000, 1);
    await storage.outbox.queue.markHandedOver(done, { status: 'delivered', transport: 'dev', at: now - month - 50_000, body: 'x', attempt: 1 });
    const waiting = await storage.outbox.queue.enqueue(mail, now - month - 1000);
    await storage.devMail.add({ messageId: done, to: 'anna@example.se', subject: 'Hej', text: 'x', at: now - month - 50_000 });
    await storage.devMail.add({ messageId: waiting, to: 'anna@example.se', subject: 'Hej igen', text: 'x', at: now - 1000 });
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.equal(removed.texts, 1);
    assert.equal(removed.devMail, 1);
    assert.equal(await storage.outbox.operator.find(done), undefined);
    assert.equal((await storage.outbox.operator.find(waiting))?.status, 'queued');
    assert.deepEqual((await storage.devMail.list({ limit: 10 })).map((m) => m.subject), ['Hej igen']);
  });

  it('forgets sessions a month after they ended, by expiry or sign-out, keeping open ones and those ended since', async () => {
    const now = clock.now();
    const month = 30 * 24 * 3600_000;
    await storage.accounts.insert({ id: 'sessions-owner', email: 'sessions@example.se', passwordHash: 'x', createdAt: now - 2 * month, emailVerifiedAt: now - 2 * month });
    const session = (id: string, expiresAt: number, revokedAt: number | null) => ({
      id,
      tokenHash: `hash-${id}`,
      accountId: 'sessions-owner',
      method: 'pwd' as const,
      createdAt: now - 2 * month,
      lastSeenAt: now - 2 * month,
      expiresAt,
      revokedAt,
      userAgent: 'Firefox',
      clientIp: '203.0.113.9',
    });
    await storage.sessions.insert(session('expired-long-ago', now - month - 1000, null));
    await storage.sessions.insert(session('signed-out-long-ago', now + month, now - month - 1000));
    await storage.sessions.insert(session('expired-lately', now - 1000, null));
    await storage.sessions.insert(session('open', now + 3600_000, null));
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.equal(removed.sessions, 2);
    assert.equal(await storage.sessions.findByTokenHash('hash-expired-long-ago'), undefined);
    assert.equal(await storage.sessions.findByTokenHash('hash-signed-out-long-ago'), undefined);
    assert.ok(await storage.sessions.findByTokenHash('hash-expired-lately'));
    assert.ok(await storage.sessions.findByTokenHash('hash-open'));
  });

  it('forgets expired OpenID Connect artefacts, keeping live ones and those without expiry', async () => {
    const now = clock.now();
    const artefact = (id: string, expiresAt: number | null) => ({
      model: 'AccessToken',
      id,
      payload: '{}',
      grantId: null,
      accountId: null,
      clientId: null,
      userCode: null,
      uid: null,
      expiresAt,
      consumedAt: null,
    });
    await storage.oidcPayloads.upsert(artefact('expired', now - 1));
    await storage.oidcPayloads.upsert(artefact('live', now + 60_000));
    await storage.oidcPayloads.upsert(artefact('lasting', null));
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.equal(removed.oidc, 1);
    assert.equal(await storage.oidcPayloads.find('AccessToken', 'expired'), undefined);
    assert.equal((await storage.oidcPayloads.find('AccessToken', 'live'))?.id, 'live');
    assert.equal((await storage.oidcPayloads.find('AccessToken', 'lasting'))?.id, 'lasting');
  });

  it('forgets consents to websites once their year is over, keeping those still in force', async () => {
    const now = clock.now();
    await storage.accounts.insert({ id: 'consenting', email: 'consenting@example.se', passwordHash: 'x', createdAt: now, emailVerifiedAt: now });
    const consent = (clientId: string, expiresAt: number) => ({ accountId: 'consenting', clientId, scopes: ['openid'], claims: [], givenAt: expiresAt - 1000, expiresAt });
    await storage.consents.save(consent('lapsed', now - 1));
    await storage.consents.save(consent('current', now + 60_000));
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.equal(removed.consents, 1);
    assert.deepEqual((await storage.consents.listByAccount('consenting')).map((c) => c.clientId), ['current']);
  });

  it('forgets browsers not used to sign in for 400 days, keeping those used since', async () => {
    const now = clock.now();
    const day = 24 * 3600_000;
    await storage.accounts.insert({ id: 'travelling', email: 'travelling@example.se', passwordHash: 'x', createdAt: now - 500 * day, emailVerifiedAt: now - 500 * day });
    await storage.knownDevices.remember('travelling', 'old-laptop', now - 401 * day);
    await storage.knownDevices.remember('travelling', 'phone', now - 399 * day);
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.equal(removed.knownDevices, 1);
    assert.equal((await storage.knownDevices.lookup('travelling', 'old-laptop', 0)).known, false);
    assert.equal((await storage.knownDevices.lookup('travelling', 'phone', 0)).known, true);
  });

  it('forgets the pumping guard’s minutes and suspensions two hours old, keeping the last hours', async () => {
    const now = clock.now();
    const hour = 3600_000;
    const counts = { texts: 1, codeTexts: 1, conversions: 0 };
    await storage.guard.add({ prefix: '+4670111', region: 'SE' }, now - 2 * hour - 60_000, counts);
    await storage.guard.add({ prefix: '+4670111', region: 'SE' }, now - 50 * 60_000, counts);
    const tally = { texts: 8, codeTexts: 8, conversions: 0 };
    await storage.guard.suspend({ scope: 'prefix', key: '+4670111', since: now - 4 * hour, until: now - 3 * hour, tally });
    await storage.guard.suspend({ scope: 'region', key: 'SE', since: now - 30 * 60_000, until: now + 30 * 60_000, tally });
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.equal(removed.guard, 3, 'the prefix’s and the region’s old minute, and the ended suspension');
    assert.equal((await storage.guard.tally({ prefix: '+4670111', region: 'SE' }, 0)).prefix.texts, 1);
    assert.deepEqual((await storage.guard.listSuspended(now)).map((s) => s.key), ['SE']);
  });

  it('forgets groups of attempts after 90 days like other activity, and decoy groups within the hour', async () => {
    const now = clock.now();
    const day = 24 * 3600_000;
    await storage.accounts.insert({ id: 'attempted', email: 'attempted@example.se', passwordHash: 'x', createdAt: now - 100 * day, emailVerifiedAt: now - 100 * day });
    const attempt = (accountId: string | null, at: number) => ({
      newGroupId: `group-${accountId ?? 'decoy'}-${at}`,
      accountId,
      kind: 'code_failed' as const,
      day: new Date(at).toISOString().slice(0, 10),
      at,
      addressKey: 'k',
      ip: null,
      userAgent: null,
    });
    await storage.activity.recordAttempt(attempt('attempted', now - 91 * day), 100);
    await storage.activity.recordAttempt(attempt('attempted', now - 89 * day), 100);
    await storage.activity.recordAttempt(attempt(null, now - 2 * 3600_000), 100);
    await storage.activity.recordAttempt(attempt(null, now - 10 * 60_000), 100);
    const removed = await new Housekeeping({ storage, clock, logger: pino({ level: 'silent' }) }).runOnce();
    assert.equal(removed.attemptGroups, 2);
    assert.deepEqual((await storage.activity.listAttemptGroups('attempted', 0, 10)).map((g) => g.lastAt), [now - 89 * day]);
  });
});
