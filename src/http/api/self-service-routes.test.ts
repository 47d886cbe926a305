import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const PASSWORD = 'correct horse battery staple';

describe('account self-service: password, sessions, export', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  const signIn = async (email: string, password = PASSWORD, headers: Record<string, string> = {}, ip?: string): Promise<string> => {
    const reply = await api.post('/api/v1/sessions', { email, password }, { headers, ...(ip ? { ip } : {}) });
    assert.equal(reply.status, 201, reply.raw);
    // A sign-in on a new browser queues notices: settled, so the newest message is what comes next.
    await api.settle();
    return reply.body.token as string;
  };

  it('changes the password with the current one: other sessions end, this one stays, the holder is told by text and mail', async () => {
    const anna = await api.accountWithVerifiedPhone('anna.change@example.se', 'SE', '070-111 22 33');
    const elsewhere = await signIn('anna.change@example.se');
    t.clock.advanceSeconds(3600);
    const token = await signIn('anna.change@example.se');
    t.clock.advanceSeconds(700);
    const changed = await api.put('/api/v1/me/password', { currentPassword: PASSWORD, password: 'a brand new passphrase' }, { token, headers: { 'accept-language': 'en' } });
    assert.equal(changed.status, 204, changed.raw);
    assert.equal((await api.get('/api/v1/me', { token })).status, 200);
    assert.equal((await api.get('/api/v1/me', { token: elsewhere })).status, 401);
    assert.equal((await api.get('/api/v1/me', { token: anna.token })).status, 401);
    assert.equal((await api.post('/api/v1/sessions', { email: 'anna.change@example.se', password: PASSWORD })).status, 401);
    await signIn('anna.change@example.se', 'a brand new passphrase');
    assert.match(await api.latestText(anna.phone.e164), /password/i);
    assert.match((await api.latestMail('anna.change@example.se')).subject, /password/i);
    const activity = await api.get('/api/v1/me/activity', { token });
    assert.ok(activity.body.some((entry: { kind: string }) => entry.kind === 'password_changed'));
  });

  it('changes the password without the current one only within ten minutes of signing in', async () => {
    const bo = await api.signUp('bo.change@example.se');
    t.clock.advanceSeconds(601);
    const stale = await api.put('/api/v1/me/password', { password: 'another fine passphrase' }, { token: bo.token });
    assert.equal(stale.status, 403);
    assert.equal(stale.body.code, 'reauthentication_required');
    const fresh = await signIn('bo.change@example.se');
    assert.equal((await api.put('/api/v1/me/password', { password: 'another fine passphrase' }, { token: fresh })).status, 204);
  });

  it('refuses a wrong current password with 401 and a weak new one with 422, changing nothing', async () => {
    const cia = await api.signUp('cia.change@example.se');
    const wrong = await api.put('/api/v1/me/password', { currentPassword: 'not the password at all', password: 'another fine passphrase' }, { token: cia.token });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'credentials_invalid');
    const weak = await api.put('/api/v1/me/password', { currentPassword: PASSWORD, password: 'short' }, { token: cia.token });
    assert.equal(weak.status, 422);
    assert.equal(weak.body.code, 'password_too_short');
    assert.equal((await api.get('/api/v1/me', { token: cia.token })).status, 200);
    await signIn('cia.change@example.se');
  });

  it('lists where the person is signed in, with browser, address, method and times, the current one marked', async () => {
    const dan = await api.signUp('dan.sessions@example.se');
    t.clock.advanceSeconds(5);
    const token = await signIn('dan.sessions@example.se', PASSWORD, { 'user-agent': FIREFOX }, '203.0.113.9');
    const list = await api.get('/api/v1/me/sessions', { token });
    assert.equal(list.status, 200);
    assert.equal(list.body.length, 2);
    const [mine, other] = list.body;
    assert.deepEqual(Object.keys(mine).sort(), ['browser', 'current', 'id', 'ip', 'lastSeenAt', 'method', 'signedInAt', 'userAgent']);
    assert.deepEqual([mine.current, mine.method, mine.ip, mine.browser, mine.userAgent], [true, 'pwd', '203.0.113.9', 'Firefox 133 on Linux', FIREFOX]);
    assert.deepEqual([other.current, other.method], [false, 'otp']);
    assert.equal((await api.get('/api/v1/me', { token: dan.token })).status, 200);
  });

  it('signs out one session by its id, and answers 404 for a session not the account\'s', async () => {
    const eva = await api.signUp('eva.sessions@example.se');
    const fia = await api.signUp('fia.sessions@example.se');
    const token = await signIn('eva.sessions@example.se');
    const list = await api.get('/api/v1/me/sessions', { token });
    const other = list.body.find((s: { current: boolean }) => !s.current);
    const fias = (await api.get('/api/v1/me/sessions', { token: fia.token })).body[0];
    const foreign = await api.delete(`/api/v1/me/sessions/${fias.id}`, { token });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'session_not_found');
    assert.equal((await api.get('/api/v1/me', { token: fia.token })).status, 200);
    assert.equal((await api.delete(`/api/v1/me/sessions/${other.id}`, { token })).status, 204);
    assert.equal((await api.get('/api/v1/me', { token: eva.token })).status, 401);
    assert.equal((await api.delete(`/api/v1/me/sessions/${other.id}`, { token })).status, 404);
    assert.equal((await api.delete('/api/v1/me/sessions/not-a-uuid', { token })).status, 404);
  });

  it('signs out everywhere else, keeping this session', async () => {
    const gun = await api.signUp('gun.sessions@example.se');
    const second = await signIn('gun.sessions@example.se');
    const token = await signIn('gun.sessions@example.se');
    assert.equal((await api.delete('/api/v1/me/sessions', { token })).status, 204);
    assert.equal((await api.get('/api/v1/me', { token: gun.token })).status, 401);
    assert.equal((await api.get('/api/v1/me', { token: second })).status, 401);
    const list = await api.get('/api/v1/me/sessions', { token });
    assert.deepEqual(list.body.map((s: { current: boolean }) => s.current), [true]);
  });

  it('exports everything kept about the person as JSON, without secrets', async () => {
    const hed = await api.accountWithVerifiedPhone('hed.export@example.se', 'SE', '070-444 55 66');
    const reply = await api.get('/api/v1/me/export', { token: hed.token, headers: { 'user-agent': FIREFOX } });
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['content-disposition']), /^attachment; filename="engangskod-export\.json"$/);
    const data = reply.body;
    assert.deepEqual(Object.keys(data), ['format', 'exportedAt', 'account', 'phones', 'passkeys', 'sessions', 'activity', 'websites']);
    assert.equal(data.format, 'engangskod-export/1');
    assert.deepEqual(Object.keys(data.account), ['id', 'email', 'emailVerified', 'createdAt']);
    assert.deepEqual([data.account.id, data.account.email, data.account.emailVerified], [hed.id, 'hed.export@example.se', true]);
    assert.deepEqual(data.phones.map((p: { e164: string; verified: boolean }) => [p.e164, p.verified]), [['+46704445566', true]]);
    assert.equal(data.sessions.length, 1);
    assert.equal(data.sessions[0].current, true);
    const kinds = data.activity.map((a: { kind: string }) => a.kind);
    for (const kind of ['account_created', 'email_verified', 'signed_in', 'phone_added', 'phone_verified']) assert.ok(kinds.includes(kind), kind);
    assert.deepEqual(data.websites, []);
    assert.doesNotMatch(reply.raw, /argon2|hash|"code"|token/i);
  });
});
