import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

type Api = ReturnType<typeof apiClient>;
const requestCode = (api: Api, email: string, number: string, ip = '192.0.2.10', region = 'SE') =>
  api.post('/api/v1/one-time-codes', { email, region, number }, { ip });

describe('limits against SMS pumping', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    t = await startTestApp({ PREFIX_LIMIT_PER_HOUR: '4', REGION_DAILY_LIMIT: '8', IP_LIMIT_PER_HOUR: '1000', METRICS_TOKEN: 'a-metrics-token-long-enough' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('counts only texts that go toward a prefix: misses do not spend it, and past it texts are withheld with the usual answer', async () => {
    // +4670222 followed by four digits: one prefix. Two verification texts go to it here.
    const anna = await api.accountWithVerifiedPhone('prefix-a@example.se', 'SE', '070-222 00 01');
    const bo = await api.accountWithVerifiedPhone('prefix-b@example.se', 'SE', '070-222 00 02');
    for (let i = 0; i < 20; i++) {
      assert.equal((await requestCode(api, `pump${i}@example.se`, `070-222 10 ${String(i).padStart(2, '0')}`, `203.0.113.${i}`)).status, 202);
    }
    const sent = async () => (await api.texts(anna.phone.e164)).length + (await api.texts(bo.phone.e164)).length;
    const before = await sent();
    const replies = [
      await requestCode(api, 'prefix-a@example.se', '070-222 00 01', '198.51.100.1'),
      await requestCode(api, 'prefix-b@example.se', '070-222 00 02', '198.51.100.2'),
    ];
    assert.equal(await sent(), before + 2, 'the misses spent nothing of the prefix');
    t.clock.advanceSeconds(60);
    replies.push(await requestCode(api, 'prefix-a@example.se', '070-222 00 01', '198.51.100.3'));
    assert.equal(await sent(), before + 2, 'the fifth text of the hour to the prefix is withheld');
    assert.deepEqual(replies.map((r) => r.raw), replies.map(() => replies[0]?.raw), 'the answer is unchanged');
    const other = await api.accountWithVerifiedPhone('other-prefix@example.se', 'SE', '070-333 00 01');
    assert.equal((await requestCode(api, 'other-prefix@example.se', '070-333 00 01')).status, 202);
    assert.equal((await api.texts(other.phone.e164)).length, 2, 'another prefix is unaffected');
    const metrics = await t.app.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-long-enough' } });
    assert.match(metrics.body, /engangskod_texts_withheld_total\{reason="prefix"\} 1/);
  });

  it('withholds texts past REGION_DAILY_LIMIT in one region, not in another', async () => {
    // Six SE texts went above; two more fill the day.
    const cai = await api.accountWithVerifiedPhone('region@example.se', 'SE', '070-444 00 01');
    assert.equal((await requestCode(api, 'region@example.se', '070-444 00 01')).status, 202);
    assert.equal((await api.texts(cai.phone.e164)).length, 2);
    t.clock.advanceSeconds(60);
    assert.equal((await requestCode(api, 'region@example.se', '070-444 00 01')).status, 202);
    assert.equal((await api.texts(cai.phone.e164)).length, 2, 'withheld');
    const norway = await api.accountWithVerifiedPhone('region@example.no', 'NO', '412 34 567');
    assert.equal((await requestCode(api, 'region@example.no', '412 34 567', '192.0.2.10', 'NO')).status, 202);
    assert.equal((await api.texts(norway.phone.e164)).length, 2);
  });
});

describe('the hourly SMS budget', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    // Three verification texts and four sign-in texts: every text draws on the budget.
    t = await startTestApp({ SMS_HOURLY_BUDGET: '7', IP_LIMIT_PER_HOUR: '1000', METRICS_TOKEN: 'a-metrics-token-long-enough' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('stops texts once spent, answering every code request alike and counting it in the metrics', async () => {
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await api.accountWithVerifiedPhone(`budget${i}@example.se`, 'SE', `070-555 00 0${i}`));
    for (let i = 0; i < 4; i++) {
      assert.equal((await requestCode(api, `budget${i % 3}@example.se`, `070-555 00 0${i % 3}`)).status, 202);
      // Each text goes out before the next request (a newer code would make an unsent older text moot).
      await t.app.dispatcher.drain();
      t.clock.advanceSeconds(60);
    }
    const known = await requestCode(api, 'budget1@example.se', '070-555 00 01');
    const unknown = await requestCode(api, 'nobody@example.se', '070-555 00 09');
    assert.equal(known.status, 202);
    assert.equal(unknown.raw, known.raw);
    await t.app.dispatcher.drain();
    const signInTexts = (await t.app.storage.devInbox.list({ limit: 100 })).filter((m) => m.body.includes('logga in'));
    assert.equal(signInTexts.length, 4);
    const metrics = await t.app.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-long-enough' } });
    assert.match(metrics.body, /engangskod_sms_budget_spent_total [1-9]/);
    assert.match(metrics.body, /engangskod_texts_withheld_total\{reason="budget"\} 1/);
  });
});

describe('guessing codes from one IP', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    t = await startTestApp({ REDEEM_IP_LIMIT_PER_HOUR: '3' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('answers with the wrong-code answer past REDEEM_IP_LIMIT_PER_HOUR, even for the right code; other IPs are unaffected', async () => {
    const owner = await api.accountWithVerifiedPhone('guessed@example.se');
    await requestCode(api, 'guessed@example.se', '0701234567');
    const code = await api.latestCode(owner.phone.e164);
    const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    const attacker = '198.51.100.66';
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await api.post('/api/v1/sessions/one-time-code', { email: 'guessed@example.se', code: wrong }, { ip: attacker }));
    const throttled = await api.post('/api/v1/sessions/one-time-code', { email: 'guessed@example.se', code }, { ip: attacker });
    assert.equal(throttled.status, 401);
    assert.equal(throttled.raw, replies[0]?.raw, 'the throttled answer is the wrong-code answer');
    const owners = await api.post('/api/v1/sessions/one-time-code', { email: 'guessed@example.se', code }, { ip: '192.0.2.200' });
    assert.equal(owners.status, 201);
  });
});

describe('password guessing', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    t = await startTestApp({ PASSWORD_FREE_FAILURES: '2' });
    api = apiClient(t);
    await api.signUp('target@example.se', 'the right password');
  });
  after(() => t.close());

  const signIn = (email: string, password: string, ip = '198.51.100.1') => api.post('/api/v1/sessions', { email, password }, { ip });

  it('makes the next try wait after the free failures, alike for an unknown email, without locking out for good', async () => {
    const known = [];
    const unknown = [];
    for (let i = 0; i < 3; i++) {
      known.push(await signIn('target@example.se', `wrong password ${i}`, `198.51.100.${10 + i}`));
      unknown.push(await signIn('ghost@example.se', `wrong password ${i}`, `198.51.100.${20 + i}`));
    }
    assert.deepEqual(known.map((r) => r.status), [401, 401, 401]);
    const waiting = await signIn('target@example.se', 'the right password', '198.51.100.30');
    const ghostWaiting = await signIn('ghost@example.se', 'the right password', '198.51.100.31');
    assert.equal(waiting.status, 429);
    assert.equal(waiting.body.code, 'rate_limited');
    assert.equal(waiting.headers['retry-after'], '2', 'the first delay is two seconds');
    assert.equal(ghostWaiting.status, 429);
    assert.equal(ghostWaiting.raw, waiting.raw);
    assert.equal((await signIn('someone-else@example.se', 'whatever it is', '198.51.100.32')).status, 401, 'other emails are not held up');
  });

  it('holds one IP that tries many emails, at ten times the per-email allowance', async () => {
    const ip = '203.0.113.77';
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await signIn(`spray${i}@example.se`, 'a common password', ip)).status);
    assert.deepEqual(statuses.slice(0, 21), Array.from({ length: 21 }, () => 401));
    assert.equal((await signIn('spray-next@example.se', 'a common password', ip)).status, 429);
  });
});

describe('wrong passwords in a row', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    // No growing delays here, so the cap alone is what stops the guesser.
    t = await startTestApp({ PASSWORD_FREE_FAILURES: '1000000', PASSWORD_ACCOUNT_FAILURE_LIMIT: '3' });
    api = apiClient(t);
    await api.signUp('capped@example.se', 'the right password');
    await api.signUp('recovers@example.se', 'the right password');
  });
  after(() => t.close());

  const signIn = (email: string, password: string, ip = '198.51.100.1') => api.post('/api/v1/sessions', { email, password }, { ip });

  it('pauses password sign-in for an email after PASSWORD_ACCOUNT_FAILURE_LIMIT wrong ones, alike for an unknown email, until the oldest is a day old', async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal((await signIn('capped@example.se', `wrong password ${i}`, `198.51.100.${i}`)).status, 401);
      assert.equal((await signIn('nobody-here@example.se', `wrong password ${i}`, `198.51.100.${i}`)).status, 401);
      t.clock.advanceSeconds(60);
    }
    const paused = await signIn('capped@example.se', 'the right password', '192.0.2.50');
    const ghost = await signIn('nobody-here@example.se', 'the right password', '192.0.2.51');
    assert.equal(paused.status, 429, 'even the right password waits: guessing is capped, not slowed');
    assert.equal(paused.body.code, 'rate_limited');
    // The oldest failure was three minutes ago: it ages out in a day less three minutes.
    assert.equal(paused.headers['retry-after'], String(24 * 3600 - 180));
    assert.equal(ghost.raw, paused.raw, 'an unknown email is paused alike');
    assert.match(String(paused.body.detail), /Retry-After/);

    t.clock.advanceSeconds(24 * 3600 - 180 - 1);
    assert.equal((await signIn('capped@example.se', 'the right password')).status, 429, 'a second before the oldest ages out');
    t.clock.advanceSeconds(1);
    assert.equal((await signIn('capped@example.se', 'the right password')).status, 201, 'then the next try is allowed');
  });

  it('holds the cap for guesses sent side by side: no more than the limit are compared', async () => {
    await api.signUp('rushed@example.se', 'the right password');
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn('rushed@example.se', `wrong password ${i}`, `203.0.113.${i}`)));
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429]);
    assert.equal((await signIn('rushed@example.se', 'the right password')).status, 429);
  });

  it('starts the count again after a right password', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await signIn('recovers@example.se', `wrong password ${i}`)).status, 401);
    assert.equal((await signIn('recovers@example.se', 'the right password')).status, 201);
    for (let i = 0; i < 2; i++) assert.equal((await signIn('recovers@example.se', `wrong again ${i}`)).status, 401);
    assert.equal((await signIn('recovers@example.se', 'the right password')).status, 201, 'four wrong ones, but never three in a row');
  });
});

describe('per-IP limits over IPv6', () => {
  let t: TestApp;
  let api: Api;
  before(async () => {
    t = await startTestApp({ IP_LIMIT_PER_HOUR: '2' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('counts a whole /64 as one client, since a host usually holds one', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await requestCode(api, `v6-${i}@example.se`, `070-900 10 0${i}`, `2001:db8:42:7::${i + 1}`)).status);
    assert.deepEqual(statuses, [202, 202, 429]);
    assert.equal((await requestCode(api, 'v6-other@example.se', '070-900 20 00', '2001:db8:42:8::1')).status, 202, 'the next /64 is another client');
  });
});
