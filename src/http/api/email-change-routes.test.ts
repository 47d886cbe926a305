import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient, codeIn } from '../../../test/helpers/api-client.ts';
import { provenAccount } from '../../../test/helpers/accounts.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const PASSWORD = 'correct horse battery staple';

describe('changing the email: POST /api/v1/me/email and /me/email/verify', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  const signIn = async (email: string, password = PASSWORD): Promise<string> => {
    const reply = await api.post('/api/v1/sessions', { email, password });
    assert.equal(reply.status, 201, reply.raw);
    // A sign-in on a new browser queues notices: settled, so the newest message is what comes next.
    await api.settle();
    return reply.body.token as string;
  };
  const codeFor = async (address: string) => codeIn((await api.latestMail(address)).text);

  it('mails a code to the new address, and the code changes the email: signed in with the new one, told on the old address and by text, other sessions ended', async () => {
    const anna = await api.accountWithVerifiedPhone('anna.old@example.se', 'SE', '070-222 33 44');
    const elsewhere = await signIn('anna.old@example.se');
    const token = await signIn('anna.old@example.se');
    const asked = await api.post('/api/v1/me/email', { email: 'Anna.New@Example.se' }, { token, headers: { 'accept-language': 'en' } });
    assert.equal(asked.status, 202, asked.raw);
    assert.equal(asked.body.status, 'verification_sent');
    const mail = await api.latestMail('anna.new@example.se');
    assert.equal(mail.subject, 'Confirm your new email address');
    assert.equal((await api.get('/api/v1/me', { token })).body.email, 'anna.old@example.se', 'nothing changes before the code');

    const verified = await api.post('/api/v1/me/email/verify', { code: codeIn(mail.text) }, { token, headers: { 'accept-language': 'en' } });
    assert.equal(verified.status, 200, verified.raw);
    assert.equal(verified.body.id, anna.id);
    assert.equal(verified.body.email, 'anna.new@example.se');
    assert.equal(verified.body.emailVerified, true);
    assert.equal(verified.body.phones.length, 1);

    assert.equal((await api.get('/api/v1/me', { token })).status, 200, 'this session goes on');
    assert.equal((await api.get('/api/v1/me', { token: elsewhere })).status, 401, 'every other session ends');
    assert.equal((await api.post('/api/v1/sessions', { email: 'anna.old@example.se', password: PASSWORD })).status, 401);
    await signIn('anna.new@example.se');

    const notice = await api.latestMail('anna.old@example.se');
    assert.equal(notice.subject, 'The email address of your account was changed');
    assert.match(notice.text, /\/account\/email\/undo\?code=[a-z]{40}\n/);
    assert.match(await api.latestText(anna.phone.e164), /email address of your account was just changed/);
    const activity = await api.get('/api/v1/me/activity', { token });
    assert.ok(activity.body.some((entry: { kind: string }) => entry.kind === 'email_changed'));
  });

  it('answers a taken address exactly as a free one; the taken address is told someone tried, gets no code, and nothing changes', async () => {
    await provenAccount(t, 'taken@example.se');
    await api.signUp('bo.taken@example.se');
    await api.signUp('cia.free@example.se');
    const bo = await signIn('bo.taken@example.se');
    const cia = await signIn('cia.free@example.se');
    const toTaken = await api.post('/api/v1/me/email', { email: 'taken@example.se' }, { token: bo });
    const toFree = await api.post('/api/v1/me/email', { email: 'free.address@example.se' }, { token: cia });
    assert.equal(toTaken.status, 202);
    assert.equal(toTaken.raw, toFree.raw, 'the same bytes');
    assert.deepEqual(Object.keys(toTaken.headers).sort(), Object.keys(toFree.headers).sort());
    const attempt = await api.latestMail('taken@example.se');
    assert.equal(attempt.subject, 'Någon försökte byta till din e-postadress');
    assert.doesNotMatch(attempt.text, /\d{6,}/, 'no code');
    const guess = await api.post('/api/v1/me/email/verify', { code: '12345678' }, { token: bo });
    assert.equal(guess.status, 422);
    assert.equal(guess.body.code, 'verification_code_invalid');
    assert.equal((await api.get('/api/v1/me', { token: bo })).body.email, 'bo.taken@example.se');
  });

  it('needs a sign-in within the last ten minutes, a new and well-formed address', async () => {
    await api.signUp('dan.recent@example.se');
    const token = await signIn('dan.recent@example.se');
    assert.equal((await api.post('/api/v1/me/email', { email: 'dan.recent@example.se' }, { token })).body.code, 'email_unchanged');
    assert.equal((await api.post('/api/v1/me/email', { email: 'not an address' }, { token })).body.code, 'email_invalid');
    assert.equal((await api.post('/api/v1/me/email', {}, { token })).status, 422);
    assert.equal((await api.post('/api/v1/me/email', { email: 'dan.other@example.se' })).status, 401);
    t.clock.advanceSeconds(601);
    const stale = await api.post('/api/v1/me/email', { email: 'dan.other@example.se' }, { token });
    assert.equal(stale.status, 403);
    assert.equal(stale.body.code, 'reauthentication_required');
    assert.equal((await api.mails('dan.other@example.se')).length, 0);
  });

  it('keeps the one-time-code rules: a wrong code is 422, only the newest code works, once, and not after it expired', async () => {
    await api.signUp('eva.rules@example.se');
    const token = await signIn('eva.rules@example.se');
    await api.post('/api/v1/me/email', { email: 'eva.first@example.se' }, { token });
    const older = await codeFor('eva.first@example.se');
    await api.post('/api/v1/me/email', { email: 'eva.second@example.se' }, { token });
    const newer = await codeFor('eva.second@example.se');
    assert.equal((await api.post('/api/v1/me/email/verify', { code: older }, { token })).status, 422, 'an older code stops working');
    const wrong = newer === '00000000' ? '11111111' : '00000000';
    assert.equal((await api.post('/api/v1/me/email/verify', { code: wrong }, { token })).body.code, 'verification_code_invalid');
    assert.equal((await api.post('/api/v1/me/email/verify', { code: newer }, { token })).body.email, 'eva.second@example.se');
    assert.equal((await api.post('/api/v1/me/email/verify', { code: newer }, { token })).status, 422, 'a code works once');

    await api.post('/api/v1/me/email', { email: 'eva.third@example.se' }, { token });
    const late = await codeFor('eva.third@example.se');
    t.clock.advanceSeconds(t.app.config.otp.ttlSeconds + 1);
    assert.equal((await api.post('/api/v1/me/email/verify', { code: late }, { token })).status, 422, 'expired');
    assert.equal((await api.get('/api/v1/me', { token })).body.email, 'eva.second@example.se');
  });

  it('refuses even the right code after OTP_MAX_ATTEMPTS wrong ones', async () => {
    await api.signUp('fia.guess@example.se');
    const token = await signIn('fia.guess@example.se');
    await api.post('/api/v1/me/email', { email: 'fia.new@example.se' }, { token });
    const code = await codeFor('fia.new@example.se');
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < t.app.config.otp.maxAttempts; i++) assert.equal((await api.post('/api/v1/me/email/verify', { code: wrong }, { token })).status, 422);
    assert.equal((await api.post('/api/v1/me/email/verify', { code }, { token })).status, 422);
    assert.equal((await api.get('/api/v1/me', { token })).body.email, 'fia.guess@example.se');
  });

  it('takes an address from an account that never proved it', async () => {
    assert.equal((await api.post('/api/v1/accounts', { email: 'squatted@example.se', password: 'someone else entirely' })).status, 202);
    await api.signUp('gun.owner@example.se');
    const token = await signIn('gun.owner@example.se');
    await api.post('/api/v1/me/email', { email: 'squatted@example.se' }, { token });
    const changed = await api.post('/api/v1/me/email/verify', { code: await codeFor('squatted@example.se') }, { token });
    assert.equal(changed.status, 200, changed.raw);
    assert.equal(changed.body.email, 'squatted@example.se');
    assert.equal((await api.post('/api/v1/sessions', { email: 'squatted@example.se', password: 'someone else entirely' })).status, 401);
  });
});
