import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strangersShare } from '../../domain/code-delivery/code-delivery.ts';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('POST /api/v1/password-resets and /complete', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  const answer = async (body: object, ip?: string) => {
    const reply = await api.post('/api/v1/password-resets', body, ip === undefined ? {} : { ip });
    const { date: _date, ...headers } = reply.headers;
    return { status: reply.status, raw: reply.raw, headers };
  };

  it('answers every request in the same bytes: known or unknown email, matching number or not', async () => {
    const holder = await api.accountWithVerifiedPhone('same@example.se');
    const outcomes = [
      await answer({ email: 'same@example.se' }),
      await answer({ email: 'nobody@example.se' }),
      await answer({ email: 'same@example.se', region: 'SE', number: holder.phone.e164.replace('+46', '0') }),
      await answer({ email: 'same@example.se', region: 'SE', number: '0709998877' }),
      await answer({ email: 'nobody@example.se', region: 'SE', number: '0709998877' }),
    ];
    assert.equal(outcomes[0]?.status, 202);
    for (const outcome of outcomes) assert.deepEqual(outcome, outcomes[0]);
  });

  it('sets the new password with the mailed code: 204, every token of the account stops working', async () => {
    const holder = await api.signUp('reset@example.se', 'the old passphrase');
    const other = await api.post('/api/v1/sessions', { email: 'reset@example.se', password: 'the old passphrase' });
    // The sign-in's new-browser notice is handed over first, so the newest mail is the reset code.
    await api.settle();
    assert.equal((await api.post('/api/v1/password-resets', { email: 'reset@example.se' })).status, 202);
    const code = codeIn((await api.latestMail('reset@example.se')).text);
    const done = await api.post('/api/v1/password-resets/complete', { email: 'reset@example.se', code, password: 'the new passphrase' });
    assert.equal(done.status, 204);
    for (const token of [holder.token, other.body.token]) assert.equal((await api.get('/api/v1/me', { token })).status, 401);
    assert.equal((await api.post('/api/v1/sessions', { email: 'reset@example.se', password: 'the new passphrase' })).status, 201);
  });

  it('answers 401 code_invalid for a wrong, used or unknown code and 422 for a weak password', async () => {
    await api.signUp('wrong@example.se');
    await api.post('/api/v1/password-resets', { email: 'wrong@example.se' });
    const code = codeIn((await api.latestMail('wrong@example.se')).text);
    const weak = await api.post('/api/v1/password-resets/complete', { email: 'wrong@example.se', code, password: 'short' });
    assert.equal(weak.status, 422);
    assert.equal(weak.body.code, 'password_too_short');
    const wrong = await api.post('/api/v1/password-resets/complete', { email: 'wrong@example.se', code: code === '00000000' ? '11111111' : '00000000', password: 'a fine new phrase' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'code_invalid');
    const unknown = await api.post('/api/v1/password-resets/complete', { email: 'ghost@example.se', code, password: 'a fine new phrase' });
    assert.equal(unknown.raw, wrong.raw);
  });

  it('compares at most OTP_MAX_ATTEMPTS guesses with one reset code, even when they all arrive at once', async () => {
    // Each guess reads the code in the round trip of the account's failure key, sent after
    // the key's hold, so simultaneous guesses (side by side on PostgreSQL) take turns.
    const { maxAttempts } = t.app.config.otp;
    const holder = await api.signUp('burst-reset@example.se');
    await api.settle();
    assert.equal((await api.post('/api/v1/password-resets', { email: 'burst-reset@example.se' })).status, 202);
    const code = codeIn((await api.latestMail('burst-reset@example.se')).text);
    const guesses = Array.from({ length: 30 }, (_, i) => String((Number(code) + 1 + i) % 10 ** code.length).padStart(code.length, '0'));
    const answers = await Promise.all(
      guesses.map((guess, i) => api.post('/api/v1/password-resets/complete', { email: 'burst-reset@example.se', code: guess, password: 'a fine new phrase' }, { ip: `198.51.102.${i}` })),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([401]));
    const left = await t.app.storage.codes.findUsable({ accountId: holder.id, purpose: 'reset_password' }, t.clock.now(), 1_000_000);
    assert.ok(left !== undefined && left.attempts <= maxAttempts, `${left?.attempts} guesses were compared with one code`);
    // The guesses spent it: the right code no longer sets a password.
    assert.equal((await api.post('/api/v1/password-resets/complete', { email: 'burst-reset@example.se', code, password: 'a fine new phrase' })).status, 401);
  });

  it("sends one number no more than the strangers' share of reset texts a day, answering alike, and the holder's own browser still gets its code", async () => {
    const share = strangersShare(t.app.config.limits.smsPerNumberDaily);
    const holder = await api.accountWithVerifiedPhone('reset-pumped@example.se', 'SE', '070-222 00 01');
    const ownBrowser = await api.deviceCookie('reset-pumped@example.se');
    const body = { email: 'reset-pumped@example.se', region: 'SE', number: '0702220001' };
    const textsTo = async () => {
      await t.app.dispatcher.drain();
      return (await t.app.storage.devInbox.list({ to: holder.phone.e164, limit: 1000 })).length;
    };
    // The number's verification text and the new-browser notice went before.
    const before = await textsTo();
    const replies = [];
    for (let i = 0; i < 3 * share; i++) {
      // The exact email and number, from a new address every time: the strongest stranger.
      replies.push(await answer(body, `203.0.113.${40 + i}`));
      // Sent before the next request: a newer code cancels a text still waiting with an older one.
      await t.app.dispatcher.drain();
    }
    for (const reply of replies) assert.deepEqual(reply, replies[0]);
    assert.equal(replies[0]?.status, 202);
    // The verification text is one of the strangers' share too: the number was not yet the account's.
    assert.equal((await textsTo()) - before, share - 1);
    assert.equal((await api.post('/api/v1/password-resets', body, { ip: '192.0.2.78', headers: { cookie: ownBrowser } })).status, 202);
    assert.equal((await textsTo()) - before, share, "the holder's own browser gets its code");
    const code = await api.latestCode(holder.phone.e164);
    const done = await api.post('/api/v1/password-resets/complete', { email: body.email, code, password: 'a fine new phrase' }, { headers: { cookie: ownBrowser } });
    assert.equal(done.status, 204, 'the holder resets with it');
  });

  it('answers 422 for a malformed email or number, and for a region not offered', async () => {
    assert.equal((await api.post('/api/v1/password-resets', { email: 'not-an-email' })).body.code, 'email_invalid');
    assert.equal((await api.post('/api/v1/password-resets', { email: 'a@example.se', region: 'SE', number: '12' })).body.code, 'number_invalid');
    assert.equal((await api.post('/api/v1/password-resets', { email: 'a@example.se', region: 'US', number: '2025550123' })).body.code, 'region_unsupported');
  });
});

describe("wrong reset codes from a stranger's browsers", () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    // Lowered so that a few guesses reach it; every other limit keeps its default.
    t = await startTestApp({ OTP_ACCOUNT_FAILURE_LIMIT: '3' });
    api = apiClient(t);
  });
  after(() => t.close());

  it("pause only browsers the holder never signed in on: the holder's own browser still resets with the code", async () => {
    await api.signUp('reset-paused@example.se');
    const ownBrowser = await api.deviceCookie('reset-paused@example.se');
    assert.equal((await api.post('/api/v1/password-resets', { email: 'reset-paused@example.se' })).status, 202);
    const code = codeIn((await api.latestMail('reset-paused@example.se')).text);
    const complete = (guess: string, options: { ip?: string; headers?: Record<string, string> }) =>
      api.post('/api/v1/password-resets/complete', { email: 'reset-paused@example.se', code: guess, password: 'a fine new phrase' }, options);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < t.app.config.otp.accountFailureLimit; i++) assert.equal((await complete(wrong, { ip: `203.0.113.${60 + i}` })).status, 401);
    // Paused for every browser the holder never used: the right code fails there, and is not spent.
    assert.equal((await complete(code, { ip: '203.0.113.70' })).status, 401);
    assert.equal((await complete(code, { ip: '192.0.2.79', headers: { cookie: ownBrowser } })).status, 204);
  });
});
