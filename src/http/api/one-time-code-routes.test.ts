import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('POST /api/v1/one-time-codes and POST /api/v1/sessions/one-time-code', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('sends a code to the verified number and signs in with it once', async () => {
    const anna = await api.accountWithVerifiedPhone('anna@example.se');
    const requested = await api.post('/api/v1/one-time-codes', { email: 'anna@example.se', region: 'SE', number: '0701234567' });
    assert.equal(requested.status, 202);
    const code = await api.latestCode(anna.phone.e164);
    const first = await api.post('/api/v1/sessions/one-time-code', { email: 'anna@example.se', code });
    assert.equal(first.status, 201);
    assert.match(first.body.token, /^[A-Za-z0-9_-]{43}$/);
    const me = await api.get('/api/v1/me', { token: first.body.token });
    assert.equal(me.body.id, anna.id);
    const second = await api.post('/api/v1/sessions/one-time-code', { email: 'anna@example.se', code });
    assert.equal(second.status, 401);
  });
});
