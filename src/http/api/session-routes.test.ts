import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('password sessions: POST /api/v1/sessions, DELETE /api/v1/sessions/current', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ SESSION_IDLE_SECONDS: '1800', SESSION_MAX_SECONDS: '43200' });
    api = apiClient(t);
    await api.signUp('sven@example.se', 'sju sjösjuka sjömän');
  });
  after(() => t.close());

  it('answers 201 {token, expiresAt} with a 256-bit token and the absolute expiry', async () => {
    const reply = await api.post('/api/v1/sessions', { email: 'SVEN@example.se', password: 'sju sjösjuka sjömän' });
    assert.equal(reply.status, 201);
    assert.deepEqual(Object.keys(reply.body).sort(), ['expiresAt', 'token']);
    assert.equal(Buffer.from(reply.body.token, 'base64url').length, 32);
    assert.equal(Date.parse(reply.body.expiresAt), t.clock.now() + 43_200_000);
    assert.equal(reply.headers['cache-control'], 'no-store');
    assert.equal(reply.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(reply.headers['x-frame-options'], 'DENY');
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  });

  it('stores only a hash of the token', async () => {
    const { body } = await api.post('/api/v1/sessions', { email: 'sven@example.se', password: 'sju sjösjuka sjömän' });
    assert.equal(await t.app.storage.sessions.findByTokenHash(body.token), undefined);
  });

  it('answers the same 401 for a wrong password and for an unknown email', async () => {
    const wrong = await api.post('/api/v1/sessions', { email: 'sven@example.se', password: 'sju sjösjuka sjömäN' });
    const unknown = await api.post('/api/v1/sessions', { email: 'nobody@example.se', password: 'sju sjösjuka sjömän' });
    const malformed = await api.post('/api/v1/sessions', { email: 'not an email', password: 'sju sjösjuka sjömän' });
    // A Cyrillic е: a look-alike of the account's address is no address, answered as one.
    const lookAlike = await api.post('/api/v1/sessions', { email: 'sv\u0435n@example.se', password: 'sju sjösjuka sjömän' });
    for (const reply of [wrong, unknown, malformed, lookAlike]) {
      assert.equal(reply.status, 401);
      assert.equal(reply.body.code, 'credentials_invalid');
    }
    assert.equal(wrong.raw, unknown.raw);
    assert.equal(wrong.raw, malformed.raw);
    assert.equal(wrong.raw, lookAlike.raw);
  });

  it('signs in with the address typed in fullwidth letters, which is the same address (NFKC)', async () => {
    const reply = await api.post('/api/v1/sessions', { email: '\uFF53\uFF56\uFF45\uFF4E@example.se', password: 'sju sjösjuka sjömän' });
    assert.equal(reply.status, 201);
  });

  it('signs out server-side: the token stops working at once', async () => {
    const { body } = await api.post('/api/v1/sessions', { email: 'sven@example.se', password: 'sju sjösjuka sjömän' });
    assert.equal((await api.get('/api/v1/me', { token: body.token })).status, 200);
    assert.equal((await api.delete('/api/v1/sessions/current', { token: body.token })).status, 204);
    assert.equal((await api.get('/api/v1/me', { token: body.token })).status, 401);
    assert.equal((await api.delete('/api/v1/sessions/current', { token: body.token })).status, 401);
  });

  it('ends a session after the idle time without use, but not while it is used', async () => {
    const { body } = await api.post('/api/v1/sessions', { email: 'sven@example.se', password: 'sju sjösjuka sjömän' });
    t.clock.advanceSeconds(1700);
    assert.equal((await api.get('/api/v1/me', { token: body.token })).status, 200);
    t.clock.advanceSeconds(1700);
    assert.equal((await api.get('/api/v1/me', { token: body.token })).status, 200, 'use renewed the idle time');
    t.clock.advanceSeconds(1801);
    assert.equal((await api.get('/api/v1/me', { token: body.token })).status, 401);
  });

  it('ends a session at its absolute expiry however much it is used', async () => {
    const { body } = await api.post('/api/v1/sessions', { email: 'sven@example.se', password: 'sju sjösjuka sjömän' });
    for (let elapsed = 0; elapsed < 43_200 - 1500; elapsed += 1500) {
      t.clock.advanceSeconds(1500);
      assert.equal((await api.get('/api/v1/me', { token: body.token })).status, 200);
    }
    t.clock.advanceSeconds(1500);
    assert.equal((await api.get('/api/v1/me', { token: body.token })).status, 401);
  });

  it('answers 401 with WWW-Authenticate for missing, malformed and unknown tokens', async () => {
    for (const authorization of [undefined, 'Basic abc', 'Bearer', 'Bearer not-a-real-token', `Bearer ${'a'.repeat(500)}`]) {
      const reply = await api.get('/api/v1/me', authorization ? { headers: { authorization } } : {});
      assert.equal(reply.status, 401, String(authorization));
      assert.equal(reply.body.code, 'unauthenticated');
      assert.equal(reply.headers['www-authenticate'], 'Bearer');
    }
  });
});
