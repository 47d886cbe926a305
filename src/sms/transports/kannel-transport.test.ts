import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { kannelUnavailable, startKannel, type KannelGateway } from '../../../test/helpers/kannel.ts';
import { freePorts, waitUntil } from '../../../test/helpers/processes.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { composeCodeText } from '../message-texts.ts';
import { kannelReportStatus } from './kannel-transport.ts';

const skip = kannelUnavailable();

describe('Kannel report codes', () => {
  it('maps 1 to delivered, 2 and 16 to failed, 8 to sent, and 4 (buffered) to nothing new', () => {
    assert.deepEqual([1, 2, 4, 8, 16].map(kannelReportStatus), ['delivered', 'failed', undefined, 'sent', 'failed']);
  });
});

/**
 * The service against real Kannel (bearerbox + smsbox + the fake SMSC and fakesmsc as the
 * handset), reports coming back over HTTP to the service's own report endpoint.
 */
describe('sending through real Kannel', { skip }, () => {
  let kannel: KannelGateway;
  let t: TestApp;
  let port: number;

  const start = async (env: Record<string, string> = {}, on = port) => {
    const app = await startTestApp(
      { SMS_TRANSPORT: 'kannel', SMS_KANNEL_URL: kannel.sendsmsUrl, PUBLIC_URL: `http://127.0.0.1:${on}`, OTP_DAILY_LIMIT: '1000', ...env },
      // Retries a second apart, so the gateway-down case does not wait long.
      { dispatcher: { backoffBaseMs: 500, backoffMaxMs: 1000 } },
    );
    await app.app.server.listen({ port: on, host: '127.0.0.1' });
    return app;
  };

  before(async () => {
    [port] = (await freePorts(1)) as [number];
    kannel = await startKannel();
    t = await start();
  });
  after(async () => {
    await t?.close();
    await kannel?.stop({ remove: true });
  });

  /** An account with a verified number, written straight to storage (no argon2, no code round). */
  const accountWith = async (app: TestApp, e164: string) => {
    const accountId = randomUUID();
    const email = `${accountId}@example.se`;
    await app.app.storage.accounts.insert({ id: accountId, email, passwordHash: 'unused', createdAt: app.clock.now(), emailVerifiedAt: app.clock.now() });
    await app.app.storage.phones.insert({ id: randomUUID(), accountId, region: 'SE', e164, verifiedAt: app.clock.now(), createdAt: app.clock.now() });
    return email;
  };

  const requestCode = async (app: TestApp, email: string, national: string) => {
    const answer = await app.app.server.inject({ method: 'POST', url: '/api/v1/one-time-codes', payload: { email, region: 'SE', number: national }, headers: { 'accept-language': 'sv' } });
    assert.equal(answer.statusCode, 202);
  };

  const textsTo = (e164: string) => kannel.received().filter((sms) => sms.to === e164);
  const firstTextTo = (e164: string) => waitUntil(`a text to ${e164} at fakesmsc`, () => textsTo(e164)[0]);
  const outboxStatus = async (app: TestApp) => Object.keys(await app.app.storage.outbox.operator.countByStatus());

  it('delivers a Swedish text byte-exact, å ä ö and the WebOTP line included, and the code in it signs in', async () => {
    const email = await accountWith(t, '+46701110001');
    await requestCode(t, email, '070-111 00 01');
    await t.app.dispatcher.drain();

    const received = await firstTextTo('+46701110001');
    assert.equal(received.type, 'text', 'GSM-7: every character fits');
    assert.equal(received.from, 'Engangskod');
    const code = /#(\d{8})$/.exec(received.text)?.[1];
    assert.ok(code, received.text);
    const expected = composeCodeText({ purpose: 'sign_in', locale: 'sv', code, ttlSeconds: 600, publicUrl: new URL(`http://127.0.0.1:${port}`) });
    assert.equal(received.text, expected);
    assert.match(received.text, /engångskod för att logga in är/);
    const signIn = await t.app.server.inject({ method: 'POST', url: '/api/v1/sessions/one-time-code', payload: { email, code } });
    assert.equal(signIn.statusCode, 201);
  });

  it('moves the status to delivered from Kannel’s reports and counts it by transport for operators', async () => {
    const email = await accountWith(t, '+46701110002');
    await requestCode(t, email, '0701110002');
    await t.app.dispatcher.drain();
    await waitUntil('the delivered report', async () => (await outboxStatus(t)).every((status) => status === 'delivered'));
    const stats = await t.app.storage.outbox.operator.deliveryStats(0);
    assert.deepEqual(stats.map((row) => [row.transport, row.status, row.count]), [['kannel', 'delivered', 2]]);
    assert.ok((stats[0]?.latencyMs?.max ?? -1) >= 0);
  });

  it('marks a text the SMSC refused (report 16) as failed', async () => {
    const email = await accountWith(t, '+46709110003');
    await requestCode(t, email, '0709110003');
    await t.app.dispatcher.drain();
    await waitUntil('the failure report', async () => (await t.app.storage.outbox.operator.countByStatus()).failed === 1);
    assert.equal(textsTo('+46709110003').length, 0);
  });

  it('sends a text with a character outside GSM-7 as UCS-2, byte-exact', async () => {
    const [otherPort] = (await freePorts(1)) as [number];
    const other = await start({ SMS_TEXT_SIGN_IN_SV: 'Kod {code} – gäller i {validity}. Åsa “ÄÖ”' }, otherPort);
    try {
      const email = await accountWith(other, '+46701110004');
      await requestCode(other, email, '0701110004');
      await other.app.dispatcher.drain();
      const received = await firstTextTo('+46701110004');
      assert.equal(received.type, 'ucs-2');
      const code = /#(\d{8})$/.exec(received.text)?.[1] ?? '';
      assert.equal(received.text, `Kod ${code} – gäller i 10 minuter. Åsa “ÄÖ”\n\n@127.0.0.1 #${code}`);
      await waitUntil('its delivered report', async () => (await other.app.storage.outbox.operator.countByStatus()).delivered === 1);
    } finally {
      await other.close();
    }
  });

  it('sends a long operator text in parts, split where Kannel splits, with the code and the WebOTP line whole in one part each', async () => {
    const [otherPort] = (await freePorts(1)) as [number];
    // Unpadded, the code would start at character 149 and run across the 153-character part boundary.
    const long = `${'Det här är en lång text från operatören, med å, ä och ö. '.repeat(3).slice(0, 137)} Din kod är {code}.`;
    const other = await start({ SMS_TEXT_SIGN_IN_SV: long }, otherPort);
    try {
      const email = await accountWith(other, '+46701110007');
      await requestCode(other, email, '0701110007');
      await other.app.dispatcher.drain();
      const parts = await waitUntil('both parts at fakesmsc', () => textsTo('+46701110007').length >= 2 && textsTo('+46701110007'));
      assert.deepEqual(parts.map((part) => [part.type, part.udh?.[4], part.udh?.[5]]), [['udh', 2, 1], ['udh', 2, 2]], 'two parts of one text');
      const decoded = parts.map((part) => part.payload?.toString('utf8') ?? '');
      const code = /#(\d{8})$/.exec(decoded[1] ?? '')?.[1] ?? '';
      assert.ok(code, decoded[1]);
      const wholeCodes = decoded.reduce((count, part) => count + part.split(code).length - 1, 0);
      assert.equal(wholeCodes, 2, 'both the sentence’s code and the WebOTP line’s code whole within a part');
      assert.ok(decoded[1]?.endsWith(`@127.0.0.1 #${code}`), 'the WebOTP line whole in the last part');
      assert.equal(decoded.join('').replace(/ {2,}/g, ' '), composeCodeText({ purpose: 'sign_in', locale: 'sv', code, ttlSeconds: 600, publicUrl: new URL(`http://127.0.0.1:${otherPort}`), templates: { sign_in: { sv: long } } }).replace(/ {2,}/g, ' '));
    } finally {
      await other.close();
    }
  });

  it('keeps texts queued while Kannel is down and sends each once when it is back', async () => {
    const emails = [await accountWith(t, '+46701110005'), await accountWith(t, '+46701110006')];
    await kannel.stop();
    await requestCode(t, emails[0] as string, '0701110005');
    await requestCode(t, emails[1] as string, '0701110006');
    await t.app.dispatcher.drain();
    assert.deepEqual((await t.app.storage.outbox.operator.countByStatus()).queued, 2, 'waiting, not failed');
    t.clock.advanceSeconds(2);
    await t.app.dispatcher.drain();
    assert.deepEqual((await t.app.storage.outbox.operator.countByStatus()).queued, 2, 'still waiting after a failed retry');

    kannel = await startKannel({ ports: kannel.ports, runDir: kannel.runDir });
    t.clock.advanceSeconds(2);
    await t.app.dispatcher.drain();
    await waitUntil('both texts at fakesmsc', () => textsTo('+46701110005').length === 1 && textsTo('+46701110006').length === 1);
    await waitUntil('both delivered', async () => (await t.app.storage.outbox.operator.countByStatus()).delivered === 4);
    assert.equal(textsTo('+46701110005').length, 1);
    assert.equal(textsTo('+46701110006').length, 1);
  });
});
