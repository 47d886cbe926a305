import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../../test/helpers/api-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

describe('the development SMS inbox', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp();
    api = apiClient(t);
  });
  after(() => t.close());

  it('shows a text only once the dispatcher has handed it over, newest first, as [{to, body, createdAt, status}]', async () => {
    const owner = await api.signUp('inbox@example.se');
    await api.post('/api/v1/me/phones', { region: 'SE', number: '070-900 00 01' }, { token: owner.token });
    assert.deepEqual((await api.get('/dev/sms.json?to=%2B46709000001')).body, [], 'queued, not yet handed over');
    await t.app.dispatcher.drain();
    await api.post('/api/v1/me/phones', { region: 'SE', number: '070-900 00 02' }, { token: owner.token });
    await t.app.dispatcher.drain();
    const all = (await api.get('/dev/sms.json')).body;
    assert.deepEqual(all.map((m: { to: string }) => m.to), ['+46709000002', '+46709000001']);
    assert.deepEqual(Object.keys(all[0]).sort(), ['body', 'createdAt', 'status', 'to']);
    assert.equal(all[0].status, 'delivered');
    assert.equal(all[0].createdAt, new Date(t.clock.now()).toISOString());
  });

  it('filters by number, whether the plus arrives encoded, raw (a space) or left out', async () => {
    for (const query of ['%2B46709000001', '+46709000001', '46709000001']) {
      const reply = await api.get(`/dev/sms.json?to=${query}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body.map((m: { to: string }) => m.to), ['+46709000001'], query);
    }
  });

  it('finds no texts for a `to` that cannot be a number, rather than failing', async () => {
    for (const query of ['abc', '%00', '%2B46%00', '+'.repeat(3) + '1'.repeat(20)]) {
      const reply = await api.get(`/dev/sms.json?to=${query}`);
      assert.equal(reply.status, 200, query);
      assert.deepEqual(reply.body, [], query);
    }
  });

  it('renders the inbox as an HTML page with every text escaped', async () => {
    const reply = await t.app.server.inject({ method: 'GET', url: '/dev/sms?to=%2B46709000002' });
    assert.equal(reply.statusCode, 200);
    assert.match(reply.headers['content-type'] as string, /^text\/html/);
    assert.match(reply.body, /<html lang="sv">/);
    assert.match(reply.body, /\+46709000002/);
    assert.doesNotMatch(reply.body, /\+46709000001/);
    assert.match(reply.body, /@localhost #\d{8}/);
  });
});
