import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../test/helpers/api-client.ts';
import { latestMailCode } from '../../test/helpers/mail.ts';
import { startTestApp, type TestApp } from '../../test/helpers/test-app.ts';
import { engangskodClient, signUpAndSignInWithCode } from './client.ts';

/**
 * The typed client (openapi-fetch over the types generated from docs/openapi.json) against a
 * served test app, over a real socket: the test app checks every answer against the document.
 */
describe('the typed API client (examples/api-client)', () => {
  let t: TestApp;
  let baseUrl: string;
  before(async () => {
    t = await startTestApp();
    await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  it('signs up, proves the address, adds and verifies a number, and signs in with a code by text', async () => {
    const api = apiClient(t);
    const result = await signUpAndSignInWithCode(
      baseUrl,
      { email: 'typed@example.se', password: 'korrekt häst batteri zebra', region: 'SE', number: '070-123 45 67' },
      { mail: (email) => latestMailCode(t, email), text: (e164) => api.latestCode(e164) },
    );
    assert.equal(result.account.email, 'typed@example.se');
    assert.deepEqual(result.account.phones.map((p) => [p.e164, p.verified]), [['+46701234567', true]]);
    assert.match(result.token, /^[A-Za-z0-9_-]{43}$/);
    const sessions = await engangskodClient(baseUrl, result.token).GET('/api/v1/me/sessions');
    assert.equal(sessions.data?.find((s) => s.current)?.method, 'otp');
  });

  it('hands problems over typed, with their stable code', async () => {
    const client = engangskodClient(baseUrl);
    const wrong = await client.POST('/api/v1/sessions/one-time-code', { body: { email: 'nobody@example.se', code: '00000000' } });
    assert.equal(wrong.response.status, 401);
    assert.equal(wrong.error?.code, 'code_invalid');
    const unauthenticated = await client.GET('/api/v1/me');
    assert.equal(unauthenticated.error?.code, 'unauthenticated');
    const regions = await client.GET('/api/v1/regions', { headers: { 'accept-language': 'en' } });
    assert.deepEqual(regions.data?.[0], { code: 'SE', callingCode: '+46', name: 'Sweden', names: { sv: 'Sverige', en: 'Sweden' } });
  });
});
