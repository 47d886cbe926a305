import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { OneTimeCodes, type IssuedCode } from '../domain/sign-in/one-time-codes.ts';
import { ManualClock } from '../lib/clock.ts';
import { cryptoRandom } from '../lib/random.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { codeTextQueue } from './code-text-queue.ts';
import { DeliveryReports } from './delivery-reports.ts';
import { Dispatcher, dispatchOn } from './dispatcher.ts';
import type { OutgoingSms, SendOutcome, SmsTransport } from './transport.ts';

const logger = pino({ level: 'silent' });
const settings = { length: 8, ttlSeconds: 600, maxAttempts: 5 };
const FAILOVER_MS = 30_000;

/** A gateway that answers as told and remembers what it was handed. */
class Gateway implements SmsTransport {
  readonly handed: OutgoingSms[] = [];
  answer: SendOutcome | 'hang' = { ok: true, status: 'sent' };
  #ids = 0;
  constructor(readonly name: string) {}
  async send(sms: OutgoingSms): Promise<SendOutcome> {
    this.handed.push(sms);
    if (this.answer === 'hang') return new Promise(() => {});
    return this.answer.ok ? { ...this.answer, gatewayId: `${this.name}-${++this.#ids}` } : this.answer;
  }
}

describe('failover between transports, and delivery reports', () => {
  let folder: string;
  let storage: Storage;
  let clock: ManualClock;
  let oneTimeCodes: OneTimeCodes;
  let kannel: Gateway;
  let smpp: Gateway;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'engangskod-failover-'));
    storage = await openSqlite(join(folder, 'db.sqlite'));
    clock = new ManualClock();
    oneTimeCodes = new OneTimeCodes({ clock, random: cryptoRandom, secretKey: Buffer.from('s'.repeat(32)), settings });
    kannel = new Gateway('kannel');
    smpp = new Gateway('smpp');
  });
  afterEach(async () => {
    await storage.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const dispatcherOver = (transports: readonly SmsTransport[]) =>
    new Dispatcher({
      ...dispatchOn(storage, settings.maxAttempts),
      transports,
      clock,
      logger,
      random: () => 1,
      options: { failoverMs: FAILOVER_MS, leaseMs: 10_000, maxAttempts: 10 },
    });
  const reportsFor = (transports: readonly SmsTransport[]) =>
    new DeliveryReports({ outbox: storage.outbox, clock, logger, transports: transports.map((t) => t.name), failoverMs: FAILOVER_MS });

  const queueCodeText = async (): Promise<IssuedCode & { accountId: string }> => {
    const accountId = randomUUID();
    await storage.accounts.insert({ id: accountId, email: `${accountId}@example.se`, passwordHash: 'hash', createdAt: clock.now(), emailVerifiedAt: clock.now() });
    const issued = await storage.transaction(async (stores) => {
      const code = await oneTimeCodes.issue(stores.codes, { accountId, purpose: 'sign_in' }, randomUUID());
      await codeTextQueue({ outbox: stores.outbox, clock, publicUrl: new URL('https://login.example.se'), ttlSeconds: settings.ttlSeconds }).enqueueCode({
        to: '+46701234567', purpose: 'sign_in', locale: 'sv', code: code.code, codeId: code.id, expiresAt: code.expiresAt,
      });
      return code;
    });
    return { ...issued, accountId };
  };
  const statuses = () => storage.outbox.operator.countByStatus();
  const attemptsOf = async (messageId: string) => (await storage.outbox.attempts.listAttempts(messageId)).map((a) => [a.attempt, a.transport, a.outcome, a.reportStatus]);

  it('sends a text through the next transport at once when the first fails, with the same code', async () => {
    const issued = await queueCodeText();
    kannel.answer = { ok: false, retryable: true, error: 'connect ECONNREFUSED' };
    const dispatcher = dispatcherOver([kannel, smpp]);
    await dispatcher.drain();
    assert.equal(kannel.handed.length, 1);
    assert.equal(smpp.handed.length, 1, 'no waiting for a backoff');
    assert.ok(smpp.handed[0]?.body.includes(issued.code));
    assert.equal(smpp.handed[0]?.id, kannel.handed[0]?.id);
    assert.deepEqual(await statuses(), { sent: 1 });
    assert.deepEqual(await attemptsOf(smpp.handed[0]?.id as string), [[1, 'kannel', 'retry', null], [2, 'smpp', 'sent', null]]);
  });

  it('backs off only once every transport failed in a round, then starts over at the first', async () => {
    await queueCodeText();
    kannel.answer = smpp.answer = { ok: false, retryable: true, error: 'down' };
    const dispatcher = dispatcherOver([kannel, smpp]);
    await dispatcher.drain();
    assert.deepEqual([kannel.handed.length, smpp.handed.length], [1, 1]);
    assert.equal(await storage.outbox.queue.nextDueAt('sms'), clock.now() + 1000);
    clock.advanceSeconds(1);
    kannel.answer = { ok: true, status: 'sent' };
    await dispatcher.drain();
    assert.deepEqual([kannel.handed.length, smpp.handed.length], [2, 1]);
  });

  it('moves a text to the next transport at once when the first refuses it for good', async () => {
    await queueCodeText();
    kannel.answer = { ok: false, retryable: false, error: 'HTTP 403: Not routable' };
    await dispatcherOver([kannel, smpp]).drain();
    assert.deepEqual([kannel.handed.length, smpp.handed.length], [1, 1]);
    assert.deepEqual(await statuses(), { sent: 1 });
  });

  it('sends a text again through the next transport when no report came within the failover time', async () => {
    const issued = await queueCodeText();
    const dispatcher = dispatcherOver([kannel, smpp]);
    await dispatcher.drain();
    assert.equal(kannel.handed.length, 1);
    clock.advanceSeconds(FAILOVER_MS / 1000 - 1);
    await dispatcher.drain();
    assert.equal(smpp.handed.length, 0, 'not before the failover time');
    clock.advanceSeconds(1);
    await dispatcher.drain();
    assert.equal(smpp.handed.length, 1);
    assert.equal(smpp.handed[0]?.body, kannel.handed[0]?.body, 'the same text, the same code');
    assert.ok(smpp.handed[0]?.body.includes(issued.code));
    clock.advanceSeconds(3600);
    await dispatcher.drain();
    assert.deepEqual([kannel.handed.length, smpp.handed.length], [1, 1], 'the last transport has no next');
  });

  it('does not fail over a text whose delivery report came in time, and keeps no code once delivered', async () => {
    const issued = await queueCodeText();
    const transports = [kannel, smpp];
    const dispatcher = dispatcherOver(transports);
    await dispatcher.drain();
    const sms = kannel.handed[0] as OutgoingSms;
    assert.equal(await reportsFor(transports).record({ transport: 'kannel', status: 'delivered', messageId: sms.id, attempt: 1 }), 'applied');
    clock.advanceSeconds(FAILOVER_MS / 1000 * 10);
    await dispatcher.drain();
    assert.equal(smpp.handed.length, 0);
    assert.deepEqual(await statuses(), { delivered: 1 });
    assert.ok(!(await storage.outbox.reports.deliveryState(sms.id))?.body.includes(issued.code));
    assert.deepEqual(await attemptsOf(sms.id), [[1, 'kannel', 'sent', 'delivered']]);
  });

  it('sends a text on to the next transport at once when the first reports it failed; the last one’s failure is final', async () => {
    await queueCodeText();
    const transports = [kannel, smpp];
    const dispatcher = dispatcherOver(transports);
    const reports = reportsFor(transports);
    await dispatcher.drain();
    const id = kannel.handed[0]?.id as string;
    await reports.record({ transport: 'kannel', status: 'failed', messageId: id, attempt: 1, detail: 'NACK' });
    await dispatcher.drain();
    assert.equal(smpp.handed.length, 1);
    await reports.record({ transport: 'smpp', status: 'failed', messageId: id, attempt: 2 });
    assert.deepEqual(await statuses(), { failed: 1 });
  });

  it('takes a late delivered report from the first transport even after failing over, and ignores its late failure', async () => {
    await queueCodeText();
    const transports = [kannel, smpp];
    const dispatcher = dispatcherOver(transports);
    const reports = reportsFor(transports);
    await dispatcher.drain();
    clock.advanceSeconds(FAILOVER_MS / 1000);
    await dispatcher.drain();
    const id = kannel.handed[0]?.id as string;
    assert.equal(await reports.record({ transport: 'kannel', status: 'failed', messageId: id, attempt: 1 }), 'unchanged', 'attempt 2 is the current one');
    assert.deepEqual(await statuses(), { sent: 1 });
    assert.equal(await reports.record({ transport: 'kannel', status: 'delivered', messageId: id, attempt: 1 }), 'applied');
    assert.deepEqual(await statuses(), { delivered: 1 });
  });

  it('changes nothing on the same report twice', async () => {
    await queueCodeText();
    const transports = [kannel];
    await dispatcherOver(transports).drain();
    const report = { transport: 'kannel', status: 'delivered' as const, messageId: kannel.handed[0]?.id as string, attempt: 1 };
    const reports = reportsFor(transports);
    assert.equal(await reports.record(report), 'applied');
    assert.equal(await reports.record(report), 'unchanged');
    assert.deepEqual(await statuses(), { delivered: 1 });
  });

  it('finds the attempt by the gateway’s own id, as SMPP receipts name it, and not through another transport', async () => {
    await queueCodeText();
    const transports = [smpp];
    await dispatcherOver(transports).drain();
    const reports = reportsFor(transports);
    assert.equal(await reports.record({ transport: 'kannel', status: 'delivered', gatewayId: 'smpp-1' }), 'unknown');
    assert.equal(await reports.record({ transport: 'smpp', status: 'delivered', gatewayId: 'smpp-1' }), 'applied');
    assert.deepEqual(await statuses(), { delivered: 1 });
  });

  it('does not send again a text whose sender died mid-send once the gateway reports it accepted', async () => {
    await queueCodeText();
    kannel.answer = 'hang'; // the sender "dies" waiting for the gateway
    const transports = [kannel];
    void dispatcherOver(transports).drain();
    await waitForHanded(kannel, 1);
    kannel.answer = { ok: true, status: 'sent' };
    const survivor = dispatcherOver(transports);
    clock.advanceSeconds(11); // the lease lapses
    await survivor.drain();
    assert.equal(kannel.handed.length, 1, 'in doubt: not sent again at once');
    const id = kannel.handed[0]?.id as string;
    assert.deepEqual(await attemptsOf(id), [[1, 'kannel', 'unknown', null]]);
    // The gateway's report for the attempt arrives (Kannel retries report callbacks).
    assert.equal(await reportsFor(transports).record({ transport: 'kannel', status: 'sent', messageId: id, attempt: 1 }), 'applied');
    clock.advanceSeconds(FAILOVER_MS / 1000 * 10);
    await survivor.drain();
    assert.equal(kannel.handed.length, 1);
    assert.deepEqual(await statuses(), { sent: 1 });
  });

  it('sends a text again whose sender died mid-send when no report clears the doubt in the failover time', async () => {
    await queueCodeText();
    kannel.answer = 'hang';
    const transports = [kannel];
    void dispatcherOver(transports).drain();
    await waitForHanded(kannel, 1);
    kannel.answer = { ok: true, status: 'sent' };
    const survivor = dispatcherOver(transports);
    clock.advanceSeconds(11);
    await survivor.drain();
    clock.advanceSeconds(FAILOVER_MS / 1000);
    await survivor.drain();
    assert.equal(kannel.handed.length, 2, 'at least once');
    assert.deepEqual(await statuses(), { sent: 1 });
  });

  it('treats a send that got no answer as in doubt: no resend until the failover time, none at all once the gateway reports', async () => {
    await queueCodeText();
    await queueCodeText();
    kannel.answer = { ok: false, retryable: true, inDoubt: true, error: 'timed out' };
    const transports = [kannel];
    const dispatcher = dispatcherOver(transports);
    await dispatcher.drain();
    assert.equal(kannel.handed.length, 2);
    assert.deepEqual(await statuses(), { sent: 2 });
    const [reported, silent] = kannel.handed as [OutgoingSms, OutgoingSms];
    assert.deepEqual(await attemptsOf(reported.id), [[1, 'kannel', 'unknown', null]]);
    kannel.answer = { ok: true, status: 'sent' };
    await reportsFor(transports).record({ transport: 'kannel', status: 'delivered', messageId: reported.id, attempt: 1 });
    clock.advanceSeconds(FAILOVER_MS / 1000 - 1);
    await dispatcher.drain();
    assert.equal(kannel.handed.length, 2, 'not before the failover time');
    clock.advanceSeconds(1);
    await dispatcher.drain();
    assert.deepEqual(kannel.handed.map((sms) => sms.id), [reported.id, silent.id, silent.id], 'only the one no report cleared goes again');
  });

  it('does not send again a text the gateway took when its sender died just before recording it', async () => {
    await queueCodeText();
    const [claimed] = await storage.outbox.queue.claimDue('sms', clock.now(), 10_000, 10);
    const id = claimed?.id as string;
    // The dead sender got as far as noting the gateway's yes on the attempt.
    await storage.outbox.attempts.startAttempts([{ messageId: id, attempt: 1, transport: 'kannel', at: clock.now() }]);
    await storage.outbox.attempts.finishAttempt({ messageId: id, attempt: 1, outcome: 'sent', error: null, gatewayId: null, at: clock.now() });
    clock.advanceSeconds(11);
    const dispatcher = dispatcherOver([kannel]);
    await dispatcher.drain();
    clock.advanceSeconds(FAILOVER_MS / 1000 * 10);
    await dispatcher.drain();
    assert.equal(kannel.handed.length, 0);
    assert.deepEqual(await statuses(), { sent: 1 });
  });

  it('sends right away a text whose claimer died before it started an attempt', async () => {
    await queueCodeText();
    await storage.outbox.queue.claimDue('sms', clock.now(), 10_000, 10);
    clock.advanceSeconds(11);
    await dispatcherOver([kannel]).drain();
    assert.equal(kannel.handed.length, 1);
  });

  it('does not fail over a text whose code was used meanwhile', async () => {
    const issued = await queueCodeText();
    const dispatcher = dispatcherOver([kannel, smpp]);
    await dispatcher.drain();
    assert.equal(await oneTimeCodes.redeem(storage.codes, { accountId: issued.accountId, purpose: 'sign_in' }, issued.code), 'redeemed');
    clock.advanceSeconds(FAILOVER_MS / 1000);
    await dispatcher.drain();
    assert.equal(smpp.handed.length, 0);
    const id = kannel.handed[0]?.id as string;
    const state = await storage.outbox.reports.deliveryState(id);
    assert.equal(state?.status, 'sent');
    assert.ok(!state?.body.includes(issued.code), 'no code kept once no resend can need it');
  });
});

async function waitForHanded(gateway: Gateway, count: number): Promise<void> {
  while (gateway.handed.length < count) await new Promise((resolve) => setImmediate(resolve));
}
