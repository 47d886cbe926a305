import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { waitUntil } from '../../../test/helpers/processes.ts';
import { smscUnavailable, startSmsc, type SmscEvent, type TestSmsc } from '../../../test/helpers/smsc.ts';
import { decodeGsm7 } from '../gsm7.ts';
import type { DeliveryReport } from '../transport.ts';
import { parseReceipt } from './smpp-receipts.ts';
import { SmppTransport, type SmppSettings } from './smpp-transport.ts';

const skip = smscUnavailable();
const logger = pino({ level: 'silent' });

describe('SMPP receipts', () => {
  it('reads the receipted_message_id and message_state TLVs when the SMSC sends them', () => {
    assert.deepEqual(parseReceipt({ esm_class: 4, short_message: { message: 'id:9 stat:DELIVRD err:000' }, receipted_message_id: '1001\0', message_state: 2 }), {
      gatewayId: '1001',
      status: 'delivered',
      detail: 'stat:DELIVRD err:000',
    });
  });

  it('falls back to the id and stat of the receipt text', () => {
    const receipt = parseReceipt({ esm_class: 4, short_message: { message: 'id:77 sub:001 dlvrd:000 submit date:2611260504 done date:2611260504 stat:EXPIRED err:000 text:' } });
    assert.deepEqual(receipt, { gatewayId: '77', status: 'expired', detail: 'stat:EXPIRED err:000' });
    assert.equal(parseReceipt({ esm_class: 4, short_message: { message: 'id:78 stat:UNDELIV err:001' } })?.status, 'failed');
  });

  it('ignores a deliver_sm that is a message from a phone rather than a receipt', () => {
    assert.equal(parseReceipt({ esm_class: 0, short_message: { message: 'id:1 stat:DELIVRD' } }), undefined);
  });
});

/** Our transport (npm smpp) against an SMSC built on Perl's Net::SMPP: a peer not written with the same library. */
describe('SMPP transport against a Net::SMPP SMSC', { skip }, () => {
  let smsc: TestSmsc;
  let transport: SmppTransport;
  let reports: DeliveryReport[];

  const settings = (overrides: Partial<SmppSettings> = {}): SmppSettings => ({
    url: new URL(smsc.url),
    systemType: '',
    sender: 'Engangskod',
    window: 10,
    enquireLinkMs: 30_000,
    timeoutMs: 2_000,
    coding: 'auto',
    ...overrides,
  });
  const submits = (to: string) => smsc.events().filter((e) => e.event === 'submit_sm' && e.destination_addr === to);
  /** The SMSC logs a submit just after answering it: wait for its log line. */
  const logged = (to: string, count = 1) => waitUntil(`${count} submits to ${to} in the SMSC log`, () => submits(to).length >= count && submits(to));
  const gsmText = (event: SmscEvent) => decodeGsm7(Buffer.from(String(event.short_message_hex), 'hex'));
  const sms = (to: string, body: string) => ({ id: randomUUID(), attempt: 1, to, body });

  before(async () => {
    smsc = await startSmsc();
  });
  after(async () => {
    await smsc?.remove();
  });
  beforeEach(async () => {
    reports = [];
    transport = new SmppTransport(settings(), async (report) => void reports.push(report), logger);
    transport.start();
    await waitUntil('the bind', () => transport.bound);
  });
  afterEach(async () => {
    await transport.stop();
  });

  it('binds as a transceiver with SMPP 3.4 and the credentials from the URL', async () => {
    const bind = await waitUntil('the bind in the SMSC log', () => smsc.events().find((e) => e.event === 'bind_transceiver'));
    assert.deepEqual([bind?.system_id, bind?.password, bind?.interface_version], ['engangskod', 'secret', 52]);
  });

  it('submits a Swedish text as GSM-7 (data_coding 0) that arrives exact, and turns its receipt into delivered', async () => {
    const text = sms('+46701230001', 'Din engångskod är 48213907. Åsa, Örjan & Ärla: {€}\n\n@login.example.se #48213907');
    const outcome = await transport.send(text);
    assert.equal(outcome.ok, true);
    const [submit] = await logged('46701230001');
    assert.ok(submit);
    assert.equal(submit.data_coding, 0);
    assert.equal(submit.source_addr, 'Engangskod');
    assert.equal(gsmText(submit), text.body);
    assert.deepEqual(outcome, { ok: true, status: 'sent', gatewayId: submit.message_id });
    await waitUntil('the receipt', () => reports.length > 0);
    assert.deepEqual(reports, [{ transport: 'smpp', status: 'delivered', detail: 'stat:DELIVRD err:000', messageId: text.id, attempt: 1 }]);
  });

  it('submits a text with characters outside GSM-7 as UCS-2 (data_coding 8), exact', async () => {
    const text = sms('+46701230002', 'Kod 48213907 – gäller i 5 min. “Åsa”\n\n@login.example.se #48213907');
    assert.equal((await transport.send(text)).ok, true);
    const [submit] = await logged('46701230002');
    assert.deepEqual([submit?.data_coding, submit?.text], [8, text.body]);
  });

  it('sends UCS-2 always when told to, for SMSCs whose default alphabet is not GSM 03.38', async () => {
    await transport.stop();
    transport = new SmppTransport(settings({ coding: 'ucs2' }), async (report) => void reports.push(report), logger);
    transport.start();
    await waitUntil('the bind', () => transport.bound);
    await transport.send(sms('+46701230003', 'Din kod är 48213907'));
    const [submit] = await logged('46701230003');
    assert.deepEqual([submit?.data_coding, submit?.text], [8, 'Din kod är 48213907']);
  });

  it('reports an UNDELIV receipt as failed, and an SMSC refusal as a failure that retrying cannot help', async () => {
    const undeliverable = sms('+46709230004', 'Din kod är 48213907');
    assert.equal((await transport.send(undeliverable)).ok, true);
    await waitUntil('the receipt', () => reports.length > 0);
    assert.deepEqual(reports.map((r) => [r.status, 'messageId' in r && r.messageId]), [['failed', undeliverable.id]]);
    const refused = await transport.send(sms('+46700030005', 'Din kod är 48213907'));
    assert.deepEqual(refused, { ok: false, retryable: false, error: 'submit_sm_resp status 0x0000000b' });
  });

  it('sends a long text in concatenated parts without cutting the code, and reports on the last part', async () => {
    const body = `${'Det här är en lång text från operatören. '.repeat(4)}Din kod: 48213907.\n\n@login.example.se #48213907`;
    const { keepWhole } = await import('../segments.ts');
    const text = sms('+46701230006', keepWhole(body, ['@login.example.se #48213907', '48213907']));
    const outcome = await transport.send(text);
    await waitUntil('the receipt for the last part', () => reports.length > 0);
    const parts = submits('46701230006');
    assert.ok(parts.length >= 2, `${parts.length} parts`);
    const decoded = parts.map((part) => {
      const bytes = Buffer.from(String(part.short_message_hex), 'hex');
      assert.equal(Number(part.esm_class) & 0x40, 0x40, 'UDH indicator');
      return decodeGsm7(bytes.subarray((bytes[0] ?? 0) + 1));
    });
    assert.equal(decoded.join(''), text.body);
    assert.equal(decoded.filter((part) => part.includes('48213907')).length, decoded.filter((part) => /\d{8}/.test(part)).length);
    assert.ok(decoded.at(-1)?.endsWith('@login.example.se #48213907'));
    assert.deepEqual(outcome, { ok: true, status: 'sent', gatewayId: parts.at(-1)?.message_id });
    assert.deepEqual(reports.map((r) => r.status), ['delivered']);
  });

  it('answers sends as retryable while the SMSC is down, re-binds when it is back, and sends again', async () => {
    await smsc.stop();
    await waitUntil('the transport to notice', () => !transport.bound);
    const whileDown = await transport.send(sms('+46701230007', 'Din kod är 48213907'));
    assert.deepEqual(whileDown, { ok: false, retryable: true, error: 'not bound to the SMSC' });
    const binds = smsc.events().filter((e) => e.event === 'bind_transceiver').length;

    await smsc.restart();
    await waitUntil('the re-bind', () => transport.bound, 15_000);
    await waitUntil('the new bind in the SMSC log', () => smsc.events().filter((e) => e.event === 'bind_transceiver').length === binds + 1);
    assert.equal((await transport.send(sms('+46701230008', 'Din kod är 48213907'))).ok, true);
    await waitUntil('the receipt', () => reports.length > 0);
  });

  it('notices through enquire_link an SMSC that stopped answering, and binds again once it answers', async () => {
    await transport.stop();
    transport = new SmppTransport(settings({ enquireLinkMs: 200, timeoutMs: 400 }), async (report) => void reports.push(report), logger);
    transport.start();
    await waitUntil('the bind', () => transport.bound);
    smsc.freeze();
    try {
      await waitUntil('the unanswered enquire_link to drop the session', () => !transport.bound, 5_000);
    } finally {
      smsc.thaw();
    }
    await waitUntil('the re-bind', () => transport.bound, 15_000);
    assert.equal((await transport.send(sms('+46701230009', 'Din kod är 48213907'))).ok, true);
  });

  it('keeps at most the window of submits waiting for their responses, and all of them go out', async () => {
    await transport.stop();
    transport = new SmppTransport(settings({ window: 2 }), async (report) => void reports.push(report), logger);
    transport.start();
    await waitUntil('the bind', () => transport.bound);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => transport.send(sms(`+4670124${String(i).padStart(4, '0')}`, 'Din kod är 48213907'))));
    assert.ok(outcomes.every((o) => o.ok));
    await waitUntil('20 receipts', () => reports.length === 20);
    assert.equal(smsc.events().filter((e) => e.event === 'submit_sm' && String(e.destination_addr).startsWith('4670124')).length, 20);
  });
});
