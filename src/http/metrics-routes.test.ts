import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiClient } from '../../test/helpers/api-client.ts';
import { redisUnavailable, testRedisUrl } from '../../test/helpers/redis.ts';
import { startTestApp, type TestApp } from '../../test/helpers/test-app.ts';

const metricLine = (text: string, name: string) => text.split('\n').find((line) => line.startsWith(name)) ?? '';

const TOKEN = 'a-metrics-token-long-enough';

describe('GET /metrics', () => {
  let t: TestApp;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
    api = apiClient(t);
  });
  after(() => t.close());

  it('counts code requests and redeems by outcome, texts by status, and request latency by route', async () => {
    const anna = await api.accountWithVerifiedPhone('metrics@example.se');
    await api.post('/api/v1/one-time-codes', { email: 'metrics@example.se', region: 'SE', number: '0701234567' });
    await api.post('/api/v1/one-time-codes', { email: 'nobody@example.se', region: 'SE', number: '0701234567' });
    const code = await api.latestCode(anna.phone.e164);
    await api.post('/api/v1/sessions/one-time-code', { email: 'metrics@example.se', code });
    await api.post('/api/v1/sessions/one-time-code', { email: 'metrics@example.se', code });

    const reply = await t.app.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(reply.statusCode, 200);
    assert.match(reply.headers['content-type'] as string, /^text\/plain/);
    assert.equal(metricLine(reply.body, 'engangskod_codes_requested_total{outcome="accepted"}'), 'engangskod_codes_requested_total{outcome="accepted"} 2');
    assert.equal(metricLine(reply.body, 'engangskod_codes_redeemed_total{outcome="signed_in"}'), 'engangskod_codes_redeemed_total{outcome="signed_in"} 1');
    assert.equal(metricLine(reply.body, 'engangskod_codes_redeemed_total{outcome="failed"}'), 'engangskod_codes_redeemed_total{outcome="failed"} 1');
    assert.equal(metricLine(reply.body, 'engangskod_sms_messages{status="delivered"}'), 'engangskod_sms_messages{status="delivered"} 2');
    assert.match(reply.body, /engangskod_sms_texts_last_hour\{transport="dev",status="delivered"\} 2/);
    assert.match(reply.body, /engangskod_sms_latency_seconds_last_hour\{transport="dev",status="delivered",quantile="0.95"\} \d/);
    assert.match(reply.body, /engangskod_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/one-time-codes",status_code="202"\} 2/);
    assert.match(reply.body, /engangskod_process_resident_memory_bytes \d+/);
  });

  it('counts mails apart from texts, by status and by transport', async () => {
    // The test before sent three mails (the sign-up's code, the notice of the number added, the
    // notice of the code sign-in on a new browser); this is the fourth.
    await t.app.domain.transaction((stores) => stores.mails.enqueue({ kind: 'password_changed', to: 'metrics@example.se', locale: 'sv' }));
    await t.app.mail.dispatcher.drain();
    const reply = await t.app.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(metricLine(reply.body, 'engangskod_mail_messages{status="delivered"}'), 'engangskod_mail_messages{status="delivered"} 4');
    assert.match(reply.body, /engangskod_mail_mails_last_hour\{transport="dev",status="delivered"\} 4/);
    assert.match(reply.body, /engangskod_mail_latency_seconds_last_hour\{transport="dev",status="delivered",quantile="0.5"\} \d/);
    assert.equal(metricLine(reply.body, 'engangskod_sms_messages{status="delivered"}'), 'engangskod_sms_messages{status="delivered"} 2', 'texts are counted without the mail');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('is open, with the process, HTTP and code counters but without the SMS and mail series', async () => {
    const reply = await t.app.server.inject({ method: 'GET', url: '/metrics' });
    assert.equal(reply.statusCode, 200);
    assert.match(reply.body, /engangskod_process_resident_memory_bytes/);
    assert.match(reply.body, /engangskod_codes_requested_total/);
    assert.doesNotMatch(reply.body, /engangskod_sms_/);
    assert.doesNotMatch(reply.body, /engangskod_mail_/);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ METRICS_TOKEN: 'a-metrics-token-long-enough' });
  });
  after(() => t.close());

  it('answers 401 without the token and 200 with it', async () => {
    assert.equal((await t.app.server.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
    const wrong = await t.app.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-long-enougH' } });
    assert.equal(wrong.statusCode, 401);
    const right = await t.app.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-metrics-token-long-enough' } });
    assert.equal(right.statusCode, 200);
  });
});

describe('GET /readyz with REDIS_URL', { skip: await redisUnavailable() }, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ REDIS_URL: testRedisUrl });
  });
  after(() => t.close());

  it('checks Redis beside the database and answers 503 while Redis is unreachable', async () => {
    const ready = await t.app.server.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(JSON.parse(ready.body).checks, { database: 'ok', redis: 'ok' });
    t.app.redis?.client.disconnect();
    const down = await t.app.server.inject({ method: 'GET', url: '/readyz' });
    assert.equal(down.statusCode, 503);
    assert.deepEqual(JSON.parse(down.body).checks, { database: 'ok', redis: 'failing' });
  });
});
