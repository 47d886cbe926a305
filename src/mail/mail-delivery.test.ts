import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/load.ts';
import { OneTimeCodes, type IssuedCode } from '../domain/sign-in/one-time-codes.ts';
import { codeToLetters } from '../domain/accounts/link-code.ts';
import { ManualClock } from '../lib/clock.ts';
import { cryptoRandom } from '../lib/random.ts';
import { codeTextQueue } from '../sms/code-text-queue.ts';
import type { MessageTransport, OutgoingMessage, SendOutcome } from '../sms/transport.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { mailDeliveryFrom } from './mail-delivery.ts';
import { outboxMailQueue } from './outbox-mail-queue.ts';

const logger = pino({ level: 'silent' });
const publicUrl = new URL('https://login.example.se/');

/** A mail server stand-in that answers each mail with the next of `answers` (then accepts). */
class AnsweringTransport implements MessageTransport {
  readonly name = 'smtp';
  readonly handed: OutgoingMessage[] = [];
  constructor(private readonly answers: SendOutcome[] = []) {}
  async send(mail: OutgoingMessage): Promise<SendOutcome> {
    this.handed.push(mail);
    return this.answers.shift() ?? { ok: true, status: 'delivered' };
  }
}

describe('the mail dispatcher', () => {
  let folder: string;
  let storage: Storage;
  let clock: ManualClock;
  let config: Config;
  let oneTimeCodes: OneTimeCodes;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'engangskod-mail-'));
    storage = await openSqlite(join(folder, 'db.sqlite'));
    clock = new ManualClock();
    config = loadConfig({ DATA_DIR: folder, SECRET_KEY: 's'.repeat(32) });
    oneTimeCodes = new OneTimeCodes({ clock, random: cryptoRandom, secretKey: Buffer.from('s'.repeat(32)), settings: config.otp });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const deliveryWith = (transport: MessageTransport | undefined) =>
    mailDeliveryFrom(config, storage, { clock, logger, transports: transport ? [transport] : undefined, dispatcher: { backoffBaseMs: 1000, maxAttempts: 5 } });

  /** Issues a code and queues a password-reset mail with it, in one transaction, as a service would. */
  const queueResetMail = async (to = 'anna@example.se'): Promise<IssuedCode> => {
    const accountId = randomUUID();
    await storage.accounts.insert({ id: accountId, email: to, passwordHash: 'hash', createdAt: clock.now(), emailVerifiedAt: clock.now() });
    return storage.transaction(async (stores) => {
      const issued = await oneTimeCodes.issue(stores.codes, { accountId, purpose: 'sign_in' }, randomUUID());
      const mails = outboxMailQueue({ outbox: stores.outbox, clock, publicUrl, ttlSeconds: config.otp.ttlSeconds });
      await mails.enqueue({ kind: 'password_reset', to, locale: 'sv', code: issued.code, codeId: issued.id, expiresAt: issued.expiresAt });
      return issued;
    });
  };

  it('puts a mail in the dev mail inbox in development, delivered, and keeps only a redacted copy in the outbox', async () => {
    const issued = await queueResetMail();
    await deliveryWith(undefined).dispatcher.drain();
    const [inbox] = await storage.devMail.list({ limit: 10 });
    assert.equal(inbox?.to, 'anna@example.se');
    assert.equal(inbox?.subject, 'Din kod för att välja ett nytt lösenord');
    assert.ok(inbox?.text.includes(issued.code));
    const [entry] = await storage.outbox.operator.list({ since: 0, channel: 'mail', limit: 10 });
    assert.deepEqual([entry?.status, entry?.transport, entry?.purpose, entry?.codeId], ['delivered', 'dev', 'password_reset', issued.id]);
  });

  it('blanks the code in digits and in a link once a mail is delivered', async () => {
    const code = '12345678';
    const id = await storage.outbox.queue.enqueue(
      { channel: 'mail', to: 'anna@example.se', subject: 'Bekräfta din e-postadress', body: `Kod: ${code}\nhttps://login.example.se/verify-email?email=anna%40example.se&code=${codeToLetters(code)}\n`, locale: 'sv', purpose: 'verify_email', codeId: null },
      clock.now(),
    );
    const transport = new AnsweringTransport();
    await deliveryWith(transport).dispatcher.drain();
    assert.equal(transport.handed[0]?.body.includes(code), true, 'the mail itself has the code');
    const [claimed] = await storage.outbox.queue.claimDue('mail', clock.now() + 60 * 60_000, 1, 10);
    assert.equal(claimed, undefined, 'a delivered mail is final');
    const stored = (await storage.outbox.reports.deliveryState(id))?.body;
    assert.equal(stored, 'Kod: ••••••••\nhttps://login.example.se/verify-email?email=anna%40example.se&code=••••••••\n');
  });

  it('hands the mail over with its subject and language', async () => {
    await queueResetMail();
    const transport = new AnsweringTransport();
    await deliveryWith(transport).dispatcher.drain();
    assert.deepEqual([transport.handed[0]?.to, transport.handed[0]?.subject, transport.handed[0]?.locale], ['anna@example.se', 'Din kod för att välja ett nytt lösenord', 'sv']);
  });

  it('does not send a mail whose code was used before it left, as it does not send such a text', async () => {
    const issued = await queueResetMail('anna@example.se');
    assert.equal(await storage.codes.consume(issued.id, clock.now(), config.otp.maxAttempts), true);
    const transport = new AnsweringTransport();
    await deliveryWith(transport).dispatcher.drain();
    assert.deepEqual(transport.handed, []);
    assert.deepEqual(await storage.outbox.operator.countByStatus('mail'), { cancelled: 1 });
  });

  it('does not send a mail whose code expired before it left', async () => {
    await queueResetMail('anna@example.se');
    clock.advanceSeconds(config.otp.ttlSeconds + 1);
    const transport = new AnsweringTransport();
    await deliveryWith(transport).dispatcher.drain();
    assert.deepEqual(transport.handed, []);
    assert.deepEqual(await storage.outbox.operator.countByStatus('mail'), { expired: 1 });
  });

  it('retries a mail the server deferred (4xx) after a backoff, and fails a refused one (5xx) for good', async () => {
    await queueResetMail('later@example.se');
    await queueResetMail('nobody@example.se');
    const transport = new AnsweringTransport([
      { ok: false, retryable: true, error: '451 Try again later' },
      { ok: false, retryable: false, error: '550 No such user' },
    ]);
    const delivery = deliveryWith(transport);
    await delivery.dispatcher.drain();
    assert.deepEqual(await storage.outbox.operator.countByStatus('mail'), { queued: 1, failed: 1 });
    clock.advanceSeconds(1);
    await delivery.dispatcher.drain();
    assert.deepEqual(await storage.outbox.operator.countByStatus('mail'), { delivered: 1, failed: 1 });
    assert.deepEqual(transport.handed.map((m) => m.to), ['later@example.se', 'nobody@example.se', 'later@example.se']);
    assert.equal(new Set(transport.handed.map((m) => m.id)).size, 2, 'a retry is the same mail (the same outbox id, so the same Message-ID)');
  });

  it('leaves texts to the text dispatcher, and never sends a mail as a text', async () => {
    await queueResetMail();
    await storage.transaction((stores) =>
      codeTextQueue({ outbox: stores.outbox, clock, publicUrl, ttlSeconds: 600 }).enqueueNotice({ to: '+46701234567', locale: 'sv', kind: 'phone_added', lastDigits: '4567' }),
    );
    const transport = new AnsweringTransport();
    await deliveryWith(transport).dispatcher.drain();
    assert.deepEqual(transport.handed.map((m) => m.to), ['anna@example.se']);
    assert.deepEqual(await storage.outbox.operator.countByStatus('sms'), { queued: 1 });
  });
});
