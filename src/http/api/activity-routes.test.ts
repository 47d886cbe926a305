import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

type Activity = {
  kind: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  detail: Record<string, string>;
  count: number;
  firstAt?: string;
  addresses?: number;
};

describe('recent activity: GET /api/v1/me/activity', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('shows sign-ins, failed attempts, code requests and number changes, newest first, with IP and browser', async () => {
    const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };
    // The clock moves a second between steps, as it would between a person's clicks.
    const tick = () => t.clock.advanceSeconds(1);
    const account = await api.signUp('aktiv@example.se');
    tick();
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-123 45 67' }, { token: account.token });
    const verification = await api.latestCode('+46701234567');
    tick();
    await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code: verification }, { token: account.token });
    tick();
    await api.post('/api/v1/sessions', { email: 'aktiv@example.se', password: 'not the password' }, { ip: '198.51.100.4', headers: browser });
    tick();
    await api.post('/api/v1/one-time-codes', { email: 'aktiv@example.se', region: 'SE', number: '0701234567' }, { ip: '198.51.100.5', headers: browser });
    const code = await api.latestCode('+46701234567');
    tick();
    await api.post('/api/v1/sessions/one-time-code', { email: 'aktiv@example.se', code: code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) }, { ip: '198.51.100.5' });
    tick();
    const signedIn = await api.post('/api/v1/sessions/one-time-code', { email: 'aktiv@example.se', code }, { ip: '198.51.100.5', headers: browser });
    assert.equal(signedIn.status, 201);

    const reply = await api.get('/api/v1/me/activity', { token: signedIn.body.token });
    assert.equal(reply.status, 200);
    const events = reply.body as Activity[];
    const kinds = events.map((e) => e.kind);
    assert.deepEqual(kinds.slice(0, 6), ['signed_in', 'code_failed', 'code_requested', 'password_failed', 'phone_verified', 'phone_added']);
    // Sign-up, the proof of the address and the sign-in it gives happen in one moment.
    assert.deepEqual(kinds.slice(6).sort(), ['account_created', 'email_verified', 'signed_in']);
    assert.deepEqual(events[0], {
      kind: 'signed_in',
      at: new Date(t.clock.now()).toISOString(),
      ip: '198.51.100.5',
      userAgent: browser['user-agent'],
      browser: 'Firefox 140 on Linux',
      detail: { method: 'otp' },
      count: 1,
    });
    assert.equal(events[1]?.count, 1, 'a wrong code is a group of one');
    assert.deepEqual(events[2]?.detail, { number: '4567' }, 'a number shows by its last digits only');
    assert.equal(events[3]?.ip, '198.51.100.4');
    assert.equal(events.slice(6).find((e) => e.kind === 'signed_in')?.detail.method, 'otp', 'proving the address signed in with its code');
  });

  it('shows the holder a request with their email and a number not on the account, and no one a request that matched no account', async () => {
    const lone = await api.signUp('ensam@example.se');
    await api.post('/api/v1/one-time-codes', { email: 'ensam@example.se', region: 'SE', number: '0709999999' });
    await api.post('/api/v1/one-time-codes', { email: 'nobody@example.se', region: 'SE', number: '0709999999' });
    const events = (await api.get('/api/v1/me/activity', { token: lone.token })).body as Activity[];
    assert.deepEqual(events.map((e) => e.kind).sort(), ['account_created', 'code_request_unmatched', 'email_verified', 'signed_in']);
    assert.equal(events.find((e) => e.kind === 'code_request_unmatched')?.count, 1);
  });

  it('groups a flood of attempts per kind and day, so the real events stay in view', async () => {
    const holder = await api.signUp('flod@example.se');
    const start = t.clock.now();
    t.clock.advanceSeconds(1);
    const addresses = ['203.0.113.1', '203.0.113.2', '2001:db8:1:1::1', '2001:db8:1:1::2'];
    for (let i = 0; i < 12; i += 1) {
      const ip = addresses[i % addresses.length]!;
      t.clock.advanceSeconds(1);
      await api.post('/api/v1/one-time-codes', { email: 'flod@example.se', region: 'SE', number: `07099${String(i).padStart(5, '0')}` }, { ip });
      await api.post('/api/v1/sessions/one-time-code', { email: 'flod@example.se', code: '12345678' }, { ip });
      if (i < 3) await api.post('/api/v1/sessions', { email: 'flod@example.se', password: `wrong guess ${i}` }, { ip: `198.51.100.${i}` });
    }
    t.clock.advanceSeconds(1);
    const events = (await api.get('/api/v1/me/activity', { token: holder.token })).body as Activity[];
    assert.equal(events.length, 6, 'one line per kind, and the sign-up, its proof and the sign-in');
    const requests = events.find((e) => e.kind === 'code_request_unmatched');
    assert.equal(requests?.count, 12);
    assert.equal(requests?.addresses, 3, 'an IPv6 /64 is one address');
    assert.equal(requests?.ip, '2001:db8:1:1::2', 'the latest attempt’s address');
    assert.ok(requests?.firstAt && requests.firstAt < requests.at);
    const passwords = events.find((e) => e.kind === 'password_failed');
    assert.deepEqual([passwords?.count, passwords?.addresses], [3, 3]);
    assert.ok(events.find((e) => e.kind === 'code_failed'), 'wrong codes (no code out: not a guess at one) still show');
    // The sign-up, its proof and the sign-in it gave share one moment, the oldest in the list.
    assert.deepEqual(events.slice(-3).map((e) => e.kind).sort(), ['account_created', 'email_verified', 'signed_in']);
    for (const event of events.slice(-3)) assert.equal(event.at, new Date(start).toISOString());
  });

  it('opens a new group on the next UTC day', async () => {
    const midnight = Math.ceil(t.clock.now() / 86_400_000) * 86_400_000;
    t.clock.advanceSeconds((midnight - t.clock.now()) / 1000 - 1);
    const holder = await api.signUp('dygn@example.se');
    await api.post('/api/v1/sessions', { email: 'dygn@example.se', password: 'wrong before midnight' });
    t.clock.advanceSeconds(2);
    await api.post('/api/v1/sessions', { email: 'dygn@example.se', password: 'wrong after midnight' });
    const groups = ((await api.get('/api/v1/me/activity', { token: holder.token })).body as Activity[]).filter((e) => e.kind === 'password_failed');
    assert.deepEqual(groups.map((g) => g.count), [1, 1]);
  });

  it('answers 401 without a valid token', async () => {
    assert.equal((await api.get('/api/v1/me/activity')).status, 401);
  });
});

describe('changing security info over the API', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('texts the account’s other verified numbers when a number is added, naming only its last digits', async () => {
    const owner = await api.accountWithVerifiedPhone('notis@example.se', 'SE', '070-200 00 01');
    const added = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-200 00 02' }, { token: owner.token, headers: { 'accept-language': 'en' } });
    assert.equal(added.status, 201);
    const notice = await api.latestText('+46702000001');
    assert.equal(notice, 'A new mobile number ending in 0002 was added to your account. Not you? Sign in and remove it.');
    assert.doesNotMatch(await api.latestText('+46702000002'), /ending in/, 'the new number gets its code, not the notice');
  });

  it('asks for a recent sign-in before a number is added or removed', async () => {
    const owner = await api.accountWithVerifiedPhone('gammal@example.se', 'SE', '070-300 00 01');
    t.clock.advanceSeconds(11 * 60);
    await api.get('/api/v1/me', { token: owner.token }); // still signed in: the idle time is 30 minutes
    const add = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-300 00 02' }, { token: owner.token });
    assert.equal(add.status, 403);
    assert.equal(add.body.code, 'reauthentication_required');
    const remove = await api.delete(`/api/v1/me/phones/${owner.phone.id}`, { token: owner.token });
    assert.equal(remove.status, 403);
    const fresh = await api.post('/api/v1/sessions', { email: 'gammal@example.se', password: 'correct horse battery staple' });
    t.clock.advanceSeconds(1);
    assert.equal((await api.delete(`/api/v1/me/phones/${owner.phone.id}`, { token: fresh.body.token })).status, 204);
    const kinds = ((await api.get('/api/v1/me/activity', { token: fresh.body.token })).body as Activity[]).map((e) => e.kind);
    assert.equal(kinds[0], 'phone_removed');
  });
});
