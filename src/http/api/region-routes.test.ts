import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('GET /api/v1/regions', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ REGIONS: 'se,FI' });
    api = apiClient(t);
  });
  after(() => t.close());

  it('lists only the offered regions, in order, with calling codes and names in both languages', async () => {
    const reply = await api.get('/api/v1/regions');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, [
      { code: 'SE', callingCode: '+46', name: 'Sverige', names: { sv: 'Sverige', en: 'Sweden' } },
      { code: 'FI', callingCode: '+358', name: 'Finland', names: { sv: 'Finland', en: 'Finland' } },
    ]);
  });

  it('names regions in English for clients that ask for English', async () => {
    const reply = await api.get('/api/v1/regions', { headers: { 'accept-language': 'en' } });
    assert.equal(reply.body[0].name, 'Sweden');
    assert.equal(reply.headers.vary, 'accept-language');
  });

  it('refuses numbers of regions that are not offered, even valid ones', async () => {
    const reply = await api.post('/api/v1/one-time-codes', { email: 'a@example.se', region: 'NO', number: '412 34 567' });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.code, 'region_unsupported');
  });
});

describe('health and unknown paths', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('answers 200 at /healthz and at /readyz while the database answers', async () => {
    assert.equal((await api.get('/healthz')).status, 200);
    const ready = await api.get('/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.checks.database, 'ok');
  });

  it('answers 404 problem+json for unknown paths and methods', async () => {
    for (const [method, url] of [['GET', '/api/v1/nothing'], ['DELETE', '/api/v1/regions']] as const) {
      const reply = await api.call(method, url);
      assert.equal(reply.status, 404, `${method} ${url}`);
      assert.equal(reply.body.code, 'not_found');
    }
  });

  it('answers 400 bad_request for a path that is not a valid URL', async () => {
    const reply = await api.get('/%');
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'bad_request');
  });
});
