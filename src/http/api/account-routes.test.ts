import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('POST /api/v1/accounts', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('answers 202 verification_sent and mails a code to the address in its normal form; the code proves it and signs in', async () => {
    const reply = await api.post('/api/v1/accounts', { email: '  Karin.Larsson@Example.SE ', password: 'en lång fras om hästar' });
    assert.equal(reply.status, 202);
    assert.equal(reply.body.status, 'verification_sent');
    const mail = await api.latestMail('karin.larsson@example.se');
    const code = codeIn(mail.text);
    const unproven = await api.post('/api/v1/sessions', { email: 'karin.larsson@example.se', password: 'en lång fras om hästar' });
    assert.equal(unproven.status, 403);
    assert.equal(unproven.body.code, 'email_unverified');
    const verified = await api.post('/api/v1/accounts/verify', { email: 'Karin.Larsson@example.se', code });
    assert.equal(verified.status, 201);
    const me = await api.get('/api/v1/me', { token: verified.body.token });
    assert.equal(me.body.email, 'karin.larsson@example.se');
    assert.equal((await api.post('/api/v1/sessions', { email: 'karin.larsson@example.se', password: 'en lång fras om hästar' })).status, 201);
  });

  it('answers a taken address in the same bytes and headers as a new one; only the mail to it differs', async () => {
    await api.signUp('taken@example.se', 'first password here');
    const answer = async (email: string) => {
      const reply = await api.post('/api/v1/accounts', { email, password: 'second password here' });
      const { date: _date, ...headers } = reply.headers;
      return { status: reply.status, raw: reply.raw, headers };
    };
    assert.deepEqual(await answer('TAKEN@example.se'), await answer('fresh-address@example.se'));
    const told = await api.latestMail('taken@example.se');
    assert.match(told.text, /\/forgot-password/);
    assert.doesNotMatch(told.text, /\d{6,}/, 'no code goes to a taken address');
    assert.equal((await api.post('/api/v1/sessions', { email: 'taken@example.se', password: 'first password here' })).status, 201, 'the holder keeps the password');
    assert.equal((await api.post('/api/v1/sessions', { email: 'taken@example.se', password: 'second password here' })).status, 401);
  });

  it('answers 403 email_unverified only to the right password; a wrong one gets 401 as for anyone', async () => {
    await api.post('/api/v1/accounts', { email: 'pending@example.se', password: 'a pending passphrase' });
    assert.equal((await api.post('/api/v1/sessions', { email: 'pending@example.se', password: 'not the passphrase' })).body.code, 'credentials_invalid');
    assert.equal((await api.post('/api/v1/sessions', { email: 'pending@example.se', password: 'a pending passphrase' })).body.code, 'email_unverified');
  });

  it('lets a later sign-up for an unproven address replace it: the newest code and its password win', async () => {
    await api.post('/api/v1/accounts', { email: 'squatted@example.se', password: 'the squatters passphrase' });
    const older = codeIn((await api.latestMail('squatted@example.se')).text);
    await api.post('/api/v1/accounts', { email: 'squatted@example.se', password: 'the owners own passphrase' });
    const newest = codeIn((await api.latestMail('squatted@example.se')).text);
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'squatted@example.se', code: older })).status, 401, 'the older code stopped working');
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'squatted@example.se', code: newest })).status, 201);
    assert.equal((await api.post('/api/v1/sessions', { email: 'squatted@example.se', password: 'the owners own passphrase' })).status, 201);
    assert.equal((await api.post('/api/v1/sessions', { email: 'squatted@example.se', password: 'the squatters passphrase' })).status, 401);
  });

  it('proves the address with the letters of the mail\'s link as with its code, once', async () => {
    await api.post('/api/v1/accounts', { email: 'linked@example.se', password: 'a linked passphrase' });
    const link = /https?:\/\/\S+\/verify-email\?\S+/.exec((await api.latestMail('linked@example.se')).text)?.[0];
    assert.ok(link, 'the mail has a link');
    const url = new URL(link);
    assert.equal(url.searchParams.get('email'), 'linked@example.se');
    const letters = url.searchParams.get('code') ?? '';
    assert.match(letters, /^[a-z]+$/);
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'linked@example.se', code: letters })).status, 201);
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'linked@example.se', code: letters })).status, 401, 'used once');
  });

  it('refuses a code after OTP_MAX_ATTEMPTS wrong ones, and an expired one, alike with 401 code_invalid', async () => {
    await api.post('/api/v1/accounts', { email: 'guessed@example.se', password: 'a guessed passphrase' });
    const code = codeIn((await api.latestMail('guessed@example.se')).text);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 5; i++) assert.equal((await api.post('/api/v1/accounts/verify', { email: 'guessed@example.se', code: wrong })).body.code, 'code_invalid');
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'guessed@example.se', code })).status, 401);

    await api.post('/api/v1/accounts/verification-code', { email: 'guessed@example.se' });
    const fresh = codeIn((await api.latestMail('guessed@example.se')).text);
    t.clock.advanceSeconds(601);
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'guessed@example.se', code: fresh })).status, 401, 'expired');
    const unknown = await api.post('/api/v1/accounts/verify', { email: 'nobody-here@example.se', code: fresh });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.code, 'code_invalid');
  });

  it('sends a new code for an unproven address on request, in the same answer as for any other address', async () => {
    await api.post('/api/v1/accounts', { email: 'again@example.se', password: 'a resent passphrase' });
    const first = codeIn((await api.latestMail('again@example.se')).text);
    const resent = await api.post('/api/v1/accounts/verification-code', { email: 'again@example.se' });
    const other = await api.post('/api/v1/accounts/verification-code', { email: 'no-account@example.se' });
    assert.equal(resent.status, 202);
    assert.equal(resent.raw, other.raw);
    const second = codeIn((await api.latestMail('again@example.se')).text);
    assert.notEqual(second, first);
    assert.equal((await api.post('/api/v1/accounts/verify', { email: 'again@example.se', code: second })).status, 201);
    assert.deepEqual(await api.mails('no-account@example.se'), []);
  });

  it('answers 422 for weak passwords: too short, too common, the email itself', async () => {
    const cases: [string, string][] = [
      ['short', 'password_too_short'],
      ['Password123', 'password_too_common'],
      ['weak@example.se', 'password_too_common'],
      ['x'.repeat(257), 'password_too_long'],
    ];
    for (const [password, code] of cases) {
      const reply = await api.post('/api/v1/accounts', { email: 'weak@example.se', password });
      assert.equal(reply.status, 422, password);
      assert.equal(reply.body.code, code, password);
    }
  });

  it('counts password length in characters after NFKC, so eight emoji are long enough', async () => {
    const reply = await api.post('/api/v1/accounts', { email: 'emoji@example.se', password: '🐴🔋📎🐴🔋📎🐴🔋' });
    assert.equal(reply.status, 202);
  });

  it('answers 422 email_invalid for addresses that cannot be one', async () => {
    for (const email of ['', 'no-at-sign', 'two@@example.se', 'a@b', 'space in@example.se', `${'a'.repeat(65)}@example.se`]) {
      const reply = await api.post('/api/v1/accounts', { email, password: 'a fine password' });
      assert.equal(reply.status, 422, email);
      assert.equal(reply.body.code, 'email_invalid', email);
    }
  });

  it('answers 422 email_confusable, in Swedish or English, for an address that could pass for another', async () => {
    // Written with escapes, since a look-alike is not seen: a Cyrillic а, a Greek ο, U+200B, U+202E.
    for (const email of ['\u0430nna@example.se', 'an\u03BFna@example.se', 'an\u200Bna@example.se', 'anna\u202E@example.se', 'anna@ex\u0430mple.se']) {
      const reply = await api.post('/api/v1/accounts', { email, password: 'a fine password' });
      assert.equal(reply.status, 422, email);
      assert.equal(reply.body.code, 'email_confusable', email);
      assert.equal(reply.body.type, 'urn:engangskod:problem:email_confusable');
      assert.equal(reply.body.title, 'E-postadressen kan förväxlas med en annan');
    }
    const en = await api.post('/api/v1/accounts', { email: '\u0430nna@example.se', password: 'a fine password' }, { headers: { 'accept-language': 'en' } });
    assert.equal(en.body.title, 'Email address could be mistaken for another');
  });

  it('takes an address in fullwidth letters as the ASCII one: its owner is told of the second sign-up', async () => {
    await api.signUp('wide@example.se', 'a fine password');
    const reply = await api.post('/api/v1/accounts', { email: '\uFF57\uFF49\uFF44\uFF45@example.se', password: 'a fine password' });
    assert.equal(reply.status, 202);
    assert.match((await api.latestMail('wide@example.se')).text, /forgot-password/);
  });

  it('accepts an address in one script other than ASCII: Swedish letters, or all Cyrillic', async () => {
    for (const email of ['\u00E5sa.\u00F6berg@exempel.se', '\u0430\u043D\u043D\u0430@\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444']) {
      const reply = await api.post('/api/v1/accounts', { email, password: 'a fine password' });
      assert.equal(reply.status, 202, email);
      assert.equal((await api.mails(email)).length, 1, email);
    }
  });

  it('answers 422 validation_failed with the fields at fault for missing fields and wrong types', async () => {
    const missing = await api.post('/api/v1/accounts', { email: 'x@example.se' });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, 'validation_failed');
    assert.deepEqual(missing.body.errors.map((e: { field: string }) => e.field), ['password']);
    const wrongType = await api.post('/api/v1/accounts', { email: 42, password: ['a'] });
    assert.equal(wrongType.status, 422);
    assert.deepEqual(wrongType.body.errors.map((e: { field: string }) => e.field).sort(), ['email', 'password']);
    const notAnObject = await api.post('/api/v1/accounts', [1, 2]);
    assert.equal(notAnObject.status, 422);
  });

  it('answers 422 for control characters in any field', async () => {
    const inEmail = await api.post('/api/v1/accounts', { email: 'ctl\u0000@example.se', password: 'a fine password' });
    assert.equal(inEmail.status, 422);
    const inPassword = await api.post('/api/v1/accounts', { email: 'ctl@example.se', password: 'a fine\u0007password' });
    assert.equal(inPassword.status, 422);
    assert.equal(inPassword.body.code, 'password_invalid');
  });

  it('answers 400 invalid_json for malformed JSON and 413 for an oversized body, never 5xx', async () => {
    const malformed = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@example.se",',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(JSON.parse(malformed.body).code, 'invalid_json');
    const empty = await t.app.server.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': 'application/json' }, payload: '' });
    assert.equal(empty.statusCode, 400);
    const huge = await api.post('/api/v1/accounts', { email: 'big@example.se', password: 'x'.repeat(100_000) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.code, 'body_too_large');
    const proto = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"admin": true}, "email": "p@example.se", "password": "a fine password"}',
    });
    assert.equal(proto.statusCode, 400);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const reply = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=a@example.se',
    });
    assert.equal(reply.statusCode, 415);
    assert.equal(JSON.parse(reply.body).code, 'unsupported_media_type');
  });

  it('speaks English to clients that ask for it and Swedish by default', async () => {
    const en = await api.post('/api/v1/accounts', { email: 'bad' , password: 'a fine password' }, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    assert.equal(en.body.title, 'Invalid email address');
    const sv = await api.post('/api/v1/accounts', { email: 'bad', password: 'a fine password' });
    assert.equal(sv.body.title, 'Ogiltig e-postadress');
    assert.equal(sv.body.type, en.body.type);
  });
});

describe('sign-ups per client (SIGNUP_IP_LIMIT_PER_HOUR)', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    // Loopback is the trusted proxy, so each test can speak for many clients through X-Forwarded-For.
    t = await startTestApp({ SIGNUP_IP_LIMIT_PER_HOUR: '3', TRUST_PROXY: '127.0.0.1' });
    api = apiClient(t);
  });
  after(() => t.close());

  let n = 0;
  const signUpFrom = (client: string, password = 'correct horse battery staple') =>
    api.post('/api/v1/accounts', { email: `throttled${n++}@example.se`, password }, { headers: { 'x-forwarded-for': client } });

  it('answers 429 rate_limited with Retry-After past the limit, and other clients are not affected', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await signUpFrom('203.0.113.10')).status);
    assert.deepEqual(statuses, [202, 202, 202, 429]);
    const refused = await signUpFrom('203.0.113.10');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate_limited');
    assert.match(refused.headers['content-type'] as string, /^application\/problem\+json/);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 3600, String(retryAfter));
    assert.equal((await signUpFrom('203.0.113.11')).status, 202, 'another client has its own count');
  });

  it('counts a whole IPv6 /64 as one client', async () => {
    const statuses = [];
    for (const host of ['2001:db8:5:6::1', '2001:db8:5:6::2', '2001:db8:5:6:ffff::3', '2001:db8:5:6::4']) statuses.push((await signUpFrom(host)).status);
    assert.deepEqual(statuses, [202, 202, 202, 429]);
    assert.equal((await signUpFrom('2001:db8:5:7::1')).status, 202, 'the next /64 is another client');
  });

  it('does not count a form refused before any work: a weak password or a malformed email', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await signUpFrom('203.0.113.20', 'short')).status, 422);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await signUpFrom('203.0.113.20')).status);
    assert.deepEqual(statuses, [202, 202, 202]);
  });
});
