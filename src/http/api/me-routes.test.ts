import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('security info: /api/v1/me and /api/v1/me/phones', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('GET /me answers {id, email, phones} for the signed-in account', async () => {
    const eva = await api.signUp('eva@example.se');
    const me = await api.get('/api/v1/me', { token: eva.token });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { id: eva.id, email: 'eva@example.se', emailVerified: true, phones: [] });
  });

  it('adds a number unverified as E.164 and sends it a verification code in the asked language', async () => {
    const olle = await api.signUp('olle@example.se');
    const added = await api.post('/api/v1/me/phones', { region: 'se', number: '+46 70 222 33 44' }, { token: olle.token, headers: { 'accept-language': 'en' } });
    assert.equal(added.status, 201);
    assert.deepEqual(Object.keys(added.body).sort(), ['e164', 'id', 'region', 'verified']);
    assert.equal(added.body.e164, '+46702223344');
    assert.equal(added.body.region, 'SE');
    assert.equal(added.body.verified, false);
    const text = await api.latestText('+46702223344');
    assert.match(text, /^Your code to confirm your mobile number is \d{8}\./);
    assert.match(text, /\n@localhost #\d{8}$/);
  });

  it('verifies the number with the code sent to it, and not with a wrong one', async () => {
    const lisa = await api.signUp('lisa@example.se');
    const added = await api.post('/api/v1/me/phones', { region: 'NO', number: '412 34 567' }, { token: lisa.token });
    const code = await api.latestCode('+4741234567');
    const wrongCode = code === '00000000' ? '11111111' : '00000000';
    const wrong = await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code: wrongCode }, { token: lisa.token });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.code, 'verification_code_invalid');
    const right = await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code }, { token: lisa.token });
    assert.equal(right.status, 200);
    assert.deepEqual(right.body, { ...added.body, verified: true });
    const me = await api.get('/api/v1/me', { token: lisa.token });
    assert.deepEqual(me.body.phones, [right.body]);
  });

  it('refuses an expired verification code with 422', async () => {
    const per = await api.signUp('per@example.se');
    const added = await api.post('/api/v1/me/phones', { region: 'FI', number: '041 234 5678' }, { token: per.token });
    const code = await api.latestCode(added.body.e164);
    t.clock.advanceSeconds(600);
    const reply = await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code }, { token: per.token });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.code, 'verification_code_invalid');
  });

  it('sends a new verification code on request, after which only the newest works', async () => {
    const ulla = await api.signUp('ulla@example.se');
    const added = await api.post('/api/v1/me/phones', { region: 'IS', number: '611 1234' }, { token: ulla.token });
    const older = await api.latestCode(added.body.e164);
    const resent = await api.post(`/api/v1/me/phones/${added.body.id}/verification-code`, undefined, { token: ulla.token });
    assert.equal(resent.status, 202);
    const newer = await api.latestCode(added.body.e164);
    assert.equal((await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code: older }, { token: ulla.token })).status, 422);
    assert.equal((await api.post(`/api/v1/me/phones/${added.body.id}/verify`, { code: newer }, { token: ulla.token })).status, 200);
  });

  it('answers 422 for invalid numbers, fixed lines, other regions and unsupported regions', async () => {
    const bo = await api.signUp('bo@example.se');
    const cases: [string, string, string][] = [
      ['SE', '12', 'number_invalid'],
      ['SE', '08-123 456 78', 'number_invalid'],
      ['SE', '+47 412 34 567', 'number_invalid'],
      ['SE', 'seventy', 'number_invalid'],
      ['US', '+1 202 555 0143', 'region_unsupported'],
      ['XX', '0701234567', 'region_unsupported'],
    ];
    for (const [region, number, code] of cases) {
      const reply = await api.post('/api/v1/me/phones', { region, number }, { token: bo.token });
      assert.equal(reply.status, 422, `${region} ${number}`);
      assert.equal(reply.body.code, code, `${region} ${number}`);
    }
    assert.deepEqual((await api.get('/api/v1/me', { token: bo.token })).body.phones, []);
  });

  it('refuses the same number twice and more than five numbers', async () => {
    const many = await api.signUp('many@example.se');
    for (let i = 0; i < 5; i++) {
      assert.equal((await api.post('/api/v1/me/phones', { region: 'SE', number: `070-100 00 0${i}` }, { token: many.token })).status, 201);
    }
    const duplicate = await api.post('/api/v1/me/phones', { region: 'SE', number: '+46701000000' }, { token: many.token });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.code, 'phone_exists');
    const sixth = await api.post('/api/v1/me/phones', { region: 'SE', number: '070-100 00 09' }, { token: many.token });
    assert.equal(sixth.status, 409);
    assert.equal(sixth.body.code, 'phone_limit_reached');
  });

  it('removes a number with 204; afterwards it gets no codes, and old codes for it stop working', async () => {
    const rut = await api.accountWithVerifiedPhone('rut@example.se', 'SE', '073-555 12 34');
    const request = { email: 'rut@example.se', region: 'SE', number: '0735551234' };
    assert.equal((await api.post('/api/v1/one-time-codes', request)).status, 202);
    const pendingCode = await api.latestCode('+46735551234');
    assert.equal((await api.delete(`/api/v1/me/phones/${rut.phone.id}`, { token: rut.token })).status, 204);
    assert.deepEqual((await api.get('/api/v1/me', { token: rut.token })).body.phones, []);
    assert.equal((await api.post('/api/v1/sessions/one-time-code', { email: 'rut@example.se', code: pendingCode })).status, 401);
    const textsBefore = await t.app.storage.devInbox.list({ to: '+46735551234', limit: 100 });
    t.clock.advanceSeconds(t.app.config.otp.resendSeconds);
    assert.equal((await api.post('/api/v1/one-time-codes', request)).status, 202);
    await t.app.dispatcher.drain();
    assert.equal((await t.app.storage.devInbox.list({ to: '+46735551234', limit: 100 })).length, textsBefore.length);
  });

  it('keeps each account to its own numbers: another account gets 404', async () => {
    const owner = await api.accountWithVerifiedPhone('owner@example.se', 'SE', '076-111 22 33');
    const other = await api.signUp('other@example.se');
    const path = `/api/v1/me/phones/${owner.phone.id}`;
    assert.equal((await api.delete(path, { token: other.token })).status, 404);
    assert.equal((await api.post(`${path}/verify`, { code: '12345678' }, { token: other.token })).status, 404);
    assert.equal((await api.delete('/api/v1/me/phones/not-a-uuid', { token: other.token })).status, 404);
    assert.equal((await api.get('/api/v1/me', { token: owner.token })).body.phones.length, 1);
  });

  it('refuses phone changes without a valid token', async () => {
    assert.equal((await api.post('/api/v1/me/phones', { region: 'SE', number: '0701234567' })).status, 401);
  });
});
