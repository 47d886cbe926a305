import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { decodeGsm7 } from '../../src/sms/gsm7.ts';
import { composeCodeText } from '../../src/sms/message-texts.ts';
import { kannelUnavailable, startKannel, type KannelGateway } from '../helpers/kannel.ts';
import { freePorts, waitUntil } from '../helpers/processes.ts';
import { smscUnavailable, startSmsc, type TestSmsc } from '../helpers/smsc.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const skip = kannelUnavailable() ?? smscUnavailable();
const FAILOVER_SECONDS = 20;

/**
 * SMS_TRANSPORT=kannel,smpp with real gateways: Kannel first, an SMPP SMSC (Net::SMPP) second.
 * Whether Kannel fails outright or takes texts and then stays silent, they reach the phone
 * through SMPP, with the same code.
 */
describe('failover from Kannel to SMPP', { skip }, () => {
  let smsc: TestSmsc;
  let kannel: KannelGateway | undefined;
  let t: TestApp | undefined;

  before(async () => {
    smsc = await startSmsc();
  });
  after(async () => {
    await smsc?.remove();
  });
  afterEach(async () => {
    await t?.close();
    await kannel?.stop({ remove: true });
    t = kannel = undefined;
  });

  const startApp = async (kannelUrl: string) => {
    const [port] = (await freePorts(1)) as [number];
    const app = await startTestApp({
      SMS_TRANSPORT: 'kannel,smpp',
      SMS_KANNEL_URL: kannelUrl,
      SMS_SMPP_URL: smsc.url,
      SMS_FAILOVER_SECONDS: String(FAILOVER_SECONDS),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    await app.app.server.listen({ port, host: '127.0.0.1' });
    for (const transport of app.app.sms.transports) transport.start?.();
    return app;
  };
  const requestCode = async (app: TestApp, e164: string, national: string) => {
    const accountId = randomUUID();
    const email = `${accountId}@example.se`;
    await app.app.storage.accounts.insert({ id: accountId, email, passwordHash: 'unused', createdAt: app.clock.now(), emailVerifiedAt: app.clock.now() });
    await app.app.storage.phones.insert({ id: randomUUID(), accountId, region: 'SE', e164, verifiedAt: app.clock.now(), createdAt: app.clock.now() });
    const answer = await app.app.server.inject({ method: 'POST', url: '/api/v1/one-time-codes', payload: { email, region: 'SE', number: national } });
    assert.equal(answer.statusCode, 202);
    return email;
  };
  const atSmsc = (to: string) => smsc.events().filter((e) => e.event === 'submit_sm' && e.destination_addr === to);
  const smppBound = (app: TestApp) => waitUntil('the SMPP bind', () => (app.app.sms.transports[1] as { bound?: boolean }).bound === true);

  it('sends through SMPP at once when Kannel cannot be reached, and the code in the text signs in', async () => {
    const [closed] = (await freePorts(1)) as [number];
    t = await startApp(`http://u:p@127.0.0.1:${closed}/cgi-bin/sendsms`);
    await smppBound(t);
    const email = await requestCode(t, '+46701240001', '0701240001');
    await t.app.dispatcher.drain();

    const [submit] = await waitUntil('the text at the SMSC', () => atSmsc('46701240001').length > 0 && atSmsc('46701240001'));
    const text = decodeGsm7(Buffer.from(String(submit?.short_message_hex), 'hex'));
    const code = /#(\d{8})$/.exec(text)?.[1] ?? '';
    assert.equal(text, composeCodeText({ purpose: 'sign_in', locale: 'sv', code, ttlSeconds: 600, publicUrl: t.app.config.publicUrl }));
    await waitUntil('the SMPP receipt', async () => (await t?.app.storage.outbox.operator.countByStatus())?.delivered === 1);
    const signIn = await t.app.server.inject({ method: 'POST', url: '/api/v1/sessions/one-time-code', payload: { email, code } });
    assert.equal(signIn.statusCode, 201);
  });

  it('sends through SMPP, with the same code, when Kannel takes a text but no delivery report comes in time', async () => {
    // No fakesmsc: bearerbox queues the text for a handset link that never comes up.
    kannel = await startKannel({ fakesmsc: false });
    t = await startApp(kannel.sendsmsUrl);
    await smppBound(t);
    const email = await requestCode(t, '+46701240002', '0701240002');
    await t.app.dispatcher.drain();
    assert.equal(atSmsc('46701240002').length, 0, 'Kannel took it');
    const [stats] = await t.app.storage.outbox.operator.deliveryStats(0);
    assert.deepEqual([stats?.transport, stats?.status], ['kannel', 'sent']);

    t.clock.advanceSeconds(FAILOVER_SECONDS - 1);
    await t.app.dispatcher.drain();
    assert.equal(atSmsc('46701240002').length, 0, 'not before the failover time');
    t.clock.advanceSeconds(1);
    await t.app.dispatcher.drain();
    const [submit] = await waitUntil('the text at the SMSC', () => atSmsc('46701240002').length > 0 && atSmsc('46701240002'));
    const text = decodeGsm7(Buffer.from(String(submit?.short_message_hex), 'hex'));
    assert.match(text, /^Din engångskod för att logga in är (\d{8})\.[^]*#\1$/);
    // The one code issued: no new code was made for the second transport.
    const code = /#(\d{8})$/.exec(text)?.[1] ?? '';
    assert.equal((await t.app.server.inject({ method: 'POST', url: '/api/v1/sessions/one-time-code', payload: { email, code } })).statusCode, 201);
    await waitUntil('delivered through SMPP', async () => {
      const rows = await t?.app.storage.outbox.operator.deliveryStats(0);
      return rows?.length === 1 && rows[0]?.transport === 'smpp' && rows[0].status === 'delivered';
    });
  });
});
