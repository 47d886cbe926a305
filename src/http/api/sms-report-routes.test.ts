import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { startFakeTwilio, type FakeTwilio } from '../../../test/helpers/fake-twilio.ts';
import { freePorts, waitUntil } from '../../../test/helpers/processes.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { AppOptions } from '../../app.ts';
import { ManualClock } from '../../lib/clock.ts';

const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
// Standard Webhooks secrets, as `whsec_$(openssl rand -base64 32)` makes them: the one being
// replaced and its successor, both configured while the receiver moves over.
const HTTP_SECRET = `whsec_${Buffer.from('webhook secret of 32 bytes, old!').toString('base64')}`;
const NEW_HTTP_SECRET = `whsec_${Buffer.from('webhook secret of 32 bytes, new!').toString('base64')}`;
const OPERATOR_TOKEN = 'operator-token-that-is-long-enough-0123';

/**
 * Delivery reports over HTTP: signed callback URLs, Twilio's own signature, idempotence,
 * and the operator's view of the result. The app listens on a real port, since gateways call it.
 */
describe('SMS delivery report endpoints', () => {
  let t: TestApp | undefined;
  let twilio: FakeTwilio | undefined;
  let receiver: Server | undefined;
  afterEach(async () => {
    await t?.close();
    await twilio?.close();
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
    t = twilio = receiver = undefined;
  });

  const startApp = async (env: Record<string, string>, options: AppOptions = {}) => {
    const [port] = (await freePorts(1)) as [number];
    const app = await startTestApp({ PUBLIC_URL: `http://127.0.0.1:${port}`, OPERATOR_TOKEN, ...env }, options);
    await app.app.server.listen({ port, host: '127.0.0.1' });
    return app;
  };

  /** A code request for a verified number, queued and handed to the transport. */
  const sendCode = async (app: TestApp, e164: string, national: string) => {
    const accountId = randomUUID();
    const email = `${accountId}@example.se`;
    await app.app.storage.accounts.insert({ id: accountId, email, passwordHash: 'unused', createdAt: app.clock.now(), emailVerifiedAt: app.clock.now() });
    await app.app.storage.phones.insert({ id: randomUUID(), accountId, region: 'SE', e164, verifiedAt: app.clock.now(), createdAt: app.clock.now() });
    const answer = await app.app.server.inject({ method: 'POST', url: '/api/v1/one-time-codes', payload: { email, region: 'SE', number: national } });
    assert.equal(answer.statusCode, 202);
    await app.app.dispatcher.drain();
  };
  const operatorView = async (app: TestApp) => {
    const answer = await app.app.server.inject({ method: 'GET', url: '/api/v1/operator/sms', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    assert.equal(answer.statusCode, 200);
    return answer.json() as { total: number; byStatus: Record<string, number>; byTransportAndStatus: { transport: string; status: string; count: number }[] };
  };

  it('sends through the Twilio Messages API and takes its signed status callbacks to delivered or failed', async () => {
    twilio = await startFakeTwilio(TWILIO_SID, TWILIO_TOKEN);
    t = await startApp({ SMS_TRANSPORT: 'twilio', SMS_TWILIO_ACCOUNT_SID: TWILIO_SID, SMS_TWILIO_AUTH_TOKEN: TWILIO_TOKEN, SMS_TWILIO_API_URL: twilio.url, SMS_SENDER: '+46700000000' });
    await sendCode(t, '+46701230101', '0701230101');
    await sendCode(t, '+46709230102', '0709230102');
    const [first] = twilio.messages;
    assert.deepEqual([first?.to, first?.from], ['+46701230101', '+46700000000']);
    assert.match(first?.body ?? '', /^Din engångskod för att logga in är \d{8}\./);
    await waitUntil('four callbacks', () => twilio?.callbacks.length === 4);
    assert.deepEqual(twilio.callbacks.map((c) => c.answered), [200, 200, 200, 200]);
    assert.deepEqual((await operatorView(t)).byStatus, { delivered: 1, failed: 1 });
  });

  it('refuses a Twilio status callback whose signature does not match, even on a signed URL', async () => {
    twilio = await startFakeTwilio(TWILIO_SID, TWILIO_TOKEN, { signWith: 'a-token-the-service-does-not-have' });
    t = await startApp({ SMS_TRANSPORT: 'twilio', SMS_TWILIO_ACCOUNT_SID: TWILIO_SID, SMS_TWILIO_AUTH_TOKEN: TWILIO_TOKEN, SMS_TWILIO_API_URL: twilio.url });
    await sendCode(t, '+46701230103', '0701230103');
    await waitUntil('two callbacks', () => twilio?.callbacks.length === 2);
    assert.deepEqual(twilio.callbacks.map((c) => c.answered), [401, 401]);
    assert.deepEqual((await operatorView(t)).byStatus, { sent: 1 });
  });

  it('fails a text rather than retrying it forever when Twilio refuses the credentials', async () => {
    twilio = await startFakeTwilio(TWILIO_SID, 'the-real-token-is-another-one');
    t = await startApp({ SMS_TRANSPORT: 'twilio', SMS_TWILIO_ACCOUNT_SID: TWILIO_SID, SMS_TWILIO_AUTH_TOKEN: TWILIO_TOKEN, SMS_TWILIO_API_URL: twilio.url });
    await sendCode(t, '+46701230106', '0701230106');
    assert.equal(twilio.messages.length, 0);
    assert.deepEqual((await operatorView(t)).byStatus, { failed: 1 });
  });

  it('posts to a generic webhook signed as Standard Webhooks (with every secret configured) and an idempotency key, and takes its JSON reports', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(202, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'provider-1' }));
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/send`;
    // The receiver checks the timestamp against its own clock: the app's clock reads real time here.
    t = await startApp({ SMS_TRANSPORT: 'http', SMS_HTTP_URL: url, SMS_HTTP_SECRET: `${NEW_HTTP_SECRET},${HTTP_SECRET}` }, { clock: new ManualClock(Date.now()) });
    await sendCode(t, '+46701230104', '0701230104');

    const [request] = received;
    assert.ok(request);
    const payload = JSON.parse(request.body) as { id: string; attempt: number; to: string; text: string; reportUrl: string };
    assert.equal(payload.to, '+46701230104');
    assert.equal(request.headers['idempotency-key'], payload.id);
    assert.equal(request.headers['webhook-id'], payload.id);
    // Verified as a receiver does, with the Standard Webhooks library and either secret alone.
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name])]));
    for (const secret of [HTTP_SECRET, NEW_HTTP_SECRET]) assert.deepEqual(new Webhook(secret).verify(request.body, headers), payload);
    const stranger = `whsec_${Buffer.from('some other secret of 32 bytes!!!').toString('base64')}`;
    assert.throws(() => new Webhook(stranger).verify(request.body, headers), WebhookVerificationError);
    assert.throws(() => new Webhook(HTTP_SECRET).verify(request.body.replace('+46701230104', '+46701230105'), headers), WebhookVerificationError);
    // By hand, as the specification writes it: base64 HMAC-SHA256 of "id.timestamp.body" under the secret's bytes.
    const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${request.body}`;
    const byHand = createHmac('sha256', Buffer.from(HTTP_SECRET.slice(6), 'base64')).update(signed).digest('base64');
    assert.ok(headers['webhook-signature']?.split(' ').includes(`v1,${byHand}`));

    const report = (status: string) => fetch(payload.reportUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
    assert.equal((await report('delivered')).status, 200);
    assert.equal((await report('delivered')).status, 200, 'a repeat is fine');
    assert.equal((await report('failed')).status, 200, 'and a late contradiction changes nothing');
    assert.deepEqual((await operatorView(t)).byStatus, { delivered: 1 });
    const forged = new URL(payload.reportUrl);
    forged.searchParams.set('t', 'x'.repeat(43));
    assert.equal((await fetch(forged, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":"failed"}' })).status, 401);
  });

  it('takes Kannel reports only on a URL signed for that message and attempt, and repeats them harmlessly', async () => {
    t = await startApp({ SMS_TRANSPORT: 'dev' });
    const reportUrls = t.app.services.reportUrls;
    const url = (messageId: string, attempt: number, token = reportUrls.token('kannel', messageId, attempt)) =>
      `/api/v1/sms/reports/kannel?m=${messageId}&a=${attempt}&t=${token}&status=1&answer=`;
    // Kannel is not configured here: its endpoint is absent.
    assert.equal((await t.app.server.inject({ method: 'GET', url: url(randomUUID(), 1) })).statusCode, 404);

    await t.close();
    t = await startApp({ SMS_TRANSPORT: 'kannel', SMS_KANNEL_URL: 'http://u:p@127.0.0.1:9/cgi-bin/sendsms' });
    const id = randomUUID();
    const signed = t.app.services.reportUrls;
    const get = (path: string) => t!.app.server.inject({ method: 'GET', url: path });
    assert.equal((await get(url(id, 1, signed.token('kannel', id, 2)))).statusCode, 401, 'signed for another attempt');
    assert.equal((await get(url(id, 1, signed.token('http', id, 1)))).statusCode, 401, 'signed for another transport');
    assert.equal((await get(`/api/v1/sms/reports/kannel?m=${id}&a=1&status=1`)).statusCode, 401, 'unsigned');
    assert.equal((await get(url(id, 1, signed.token('kannel', id, 1)))).statusCode, 200, 'signed, though for no message we know: nothing to tell');
  });

  it('keeps the operator view behind OPERATOR_TOKEN, and absent without one', async () => {
    t = await startApp({ SMS_TRANSPORT: 'dev' });
    assert.equal((await t.app.server.inject({ method: 'GET', url: '/api/v1/operator/sms' })).statusCode, 401);
    assert.equal((await t.app.server.inject({ method: 'GET', url: '/api/v1/operator/sms', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
    await sendCode(t, '+46701230105', '0701230105');
    const view = await operatorView(t);
    assert.deepEqual(view.byTransportAndStatus.map((row) => [row.transport, row.status, row.count]), [['dev', 'delivered', 1]]);
    await t.close();
    t = await startApp({ SMS_TRANSPORT: 'dev', OPERATOR_TOKEN: '' });
    assert.equal((await t.app.server.inject({ method: 'GET', url: '/api/v1/operator/sms', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).statusCode, 404);
  });
});
