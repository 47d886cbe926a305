import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { OneTimeCodes, type IssuedCode } from '../domain/sign-in/one-time-codes.ts';
import { ManualClock } from '../lib/clock.ts';
import { cryptoRandom } from '../lib/random.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { codeTextQueue } from './code-text-queue.ts';
import { Dispatcher, dispatchOn, type DispatcherOptions } from './dispatcher.ts';
import { retryTexts } from './outbox-retry.ts';
import type { OutgoingSms, SendOutcome, SmsTransport } from './transport.ts';
import { devTransport } from './transports/dev-transport.ts';

const logger = pino({ level: 'silent' });
const settings = { length: 8, ttlSeconds: 600, maxAttempts: 5 };
const LEASE_MS = 30_000;

interface OutboxRow {
  id: string;
  status: string;
  body: string;
  attempts: number;
  transport: string | null;
  last_error: string | null;
  sent_at: number | null;
}

/** Remembers every text it is handed, then lets `inner` deal with it. */
class RecordingTransport implements SmsTransport {
  readonly name: string;
  readonly handed: OutgoingSms[] = [];
  constructor(private readonly inner: SmsTransport) {
    this.name = inner.name;
  }
  send(sms: OutgoingSms): Promise<SendOutcome> {
    this.handed.push(sms);
    return this.inner.send(sms);
  }
}

/** A gateway that fails the first `failures` texts handed to it, then passes them on to `then`. */
class FailingTransport implements SmsTransport {
  readonly name = 'flaky-gateway';
  readonly handed: OutgoingSms[] = [];
  constructor(
    private failures: number,
    private readonly then?: SmsTransport,
    private readonly how: 'retryable' | 'permanent' | 'throws' = 'retryable',
  ) {}
  async send(sms: OutgoingSms): Promise<SendOutcome> {
    this.handed.push(sms);
    if (this.failures > 0 || !this.then) {
      this.failures -= 1;
      if (this.how === 'throws') throw new Error('connection reset');
      return { ok: false, retryable: this.how === 'retryable', error: this.how === 'retryable' ? 'gateway busy (503)' : 'number not in service' };
    }
    return this.then.send(sms);
  }
}

describe('SMS dispatcher', () => {
  let folder: string;
  let path: string;
  let storage: Storage;
  let clock: ManualClock;
  let oneTimeCodes: OneTimeCodes;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'engangskod-sms-'));
    path = join(folder, 'db.sqlite');
    storage = await openSqlite(path);
    clock = new ManualClock();
    oneTimeCodes = new OneTimeCodes({ clock, random: cryptoRandom, secretKey: Buffer.from('s'.repeat(32)), settings });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const dev = () => devTransport({ inbox: storage.devInbox, logger, clock });

  const dispatcherWith = (transport: SmsTransport, options: Partial<DispatcherOptions> = {}) =>
    new Dispatcher({
      ...dispatchOn(storage, settings.maxAttempts),
      transports: [transport],
      clock,
      logger,
      // The top of the jitter range, so backoff is exactly 1 s, 2 s, 4 s …
      random: () => 1,
      options: { leaseMs: LEASE_MS, maxAttempts: 5, concurrency: 4, ...options },
    });

  /** A dispatcher of two slots whose writes of gateway answers go through `markHandedOver`. */
  const dispatcherWritingAnswers = (transport: SmsTransport, markHandedOver: (write: () => Promise<boolean>) => Promise<boolean>) => {
    const database = dispatchOn(storage, settings.maxAttempts);
    const { queue } = database.outbox;
    return new Dispatcher({
      ...database,
      outbox: { ...database.outbox, queue: { ...queue, markHandedOver: (...args: Parameters<typeof queue.markHandedOver>) => markHandedOver(() => queue.markHandedOver(...args)) } },
      transports: [transport],
      clock,
      logger,
      options: { leaseMs: LEASE_MS, concurrency: 2 },
    });
  };

  const newAccount = async (): Promise<string> => {
    const id = randomUUID();
    await storage.accounts.insert({ id, email: `${id}@example.se`, passwordHash: 'hash', createdAt: clock.now(), emailVerifiedAt: clock.now() });
    return id;
  };

  /** Issues a sign-in code and queues its text in one transaction, as the sign-in service does. */
  const queueCodeText = async (to = '+46701234567', accountId?: string): Promise<IssuedCode> => {
    const owner = accountId ?? (await newAccount());
    return storage.transaction(async (stores) => {
      const issued = await oneTimeCodes.issue(stores.codes, { accountId: owner, purpose: 'sign_in' }, randomUUID());
      const texts = codeTextQueue({ outbox: stores.outbox, clock, publicUrl: new URL('https://login.example.se:8443/'), ttlSeconds: settings.ttlSeconds });
      await texts.enqueueCode({ to, purpose: 'sign_in', locale: 'sv', code: issued.code, codeId: issued.id, expiresAt: issued.expiresAt });
      return issued;
    });
  };

  /** The outbox row as stored, read past the store interface. */
  const outboxRow = (codeId: string): OutboxRow => {
    const raw = new SQLite(path, { readonly: true });
    try {
      const row = raw.prepare('select * from sms_outbox where code_id = ?').get(codeId) as OutboxRow | undefined;
      if (!row) throw new Error(`no outbox row for code ${codeId}`);
      return row;
    } finally {
      raw.close();
    }
  };

  /** Moves the clock to the moment the next queued text falls due. */
  const moveToNextDue = async () => {
    const due = await storage.outbox.queue.nextDueAt('sms');
    if (due === undefined) throw new Error('nothing queued');
    clock.advanceSeconds((due - clock.now()) / 1000);
  };

  it('gathers texts queued close together into one claim (kickSoon), and sends each once', async () => {
    const claims: number[] = [];
    const outbox = storage.outbox;
    const counting = { ...outbox, queue: { ...outbox.queue, claimDue: async (...args: Parameters<typeof outbox.queue.claimDue>) => {
      const batch = await outbox.queue.claimDue(...args);
      claims.push(batch.length);
      return batch;
    } } };
    let allHanded: () => void = () => undefined;
    const handed = new Promise<void>((resolve) => (allHanded = resolve));
    const transport = new RecordingTransport(dev());
    const watching: SmsTransport = { name: transport.name, send: async (sms) => {
      const outcome = await transport.send(sms);
      if (transport.handed.length === 3) allHanded();
      return outcome;
    } };
    const dispatcher = new Dispatcher({
      outbox: counting,
      transports: [watching],
      codeStates: (codeIds, now) => storage.codes.states(codeIds, now, settings.maxAttempts),
      clock,
      logger,
      // Long enough that three queued texts fall in one gathering even on a busy machine.
      options: { leaseMs: LEASE_MS, concurrency: 4, gatherMs: 1000 },
    });
    for (const to of ['+46701234561', '+46701234562', '+46701234563']) {
      await queueCodeText(to);
      dispatcher.kickSoon();
    }
    await handed;
    await dispatcher.stop();
    assert.equal(claims.filter((n) => n > 0).length, 1, `one claim for the three texts, not one each (${claims.join(', ')})`);
    assert.deepEqual(transport.handed.map((t) => t.to).sort(), ['+46701234561', '+46701234562', '+46701234563']);
  });

  it('hands a queued text over once and shows it in the dev inbox as delivered', async () => {
    const issued = await queueCodeText('+46701234567');
    const transport = new RecordingTransport(dev());
    const dispatcher = dispatcherWith(transport);

    await dispatcher.drain();
    await dispatcher.drain();
    clock.advanceSeconds(LEASE_MS / 1000 + 60);
    await dispatcher.drain();

    assert.equal(transport.handed.length, 1);
    const inbox = await storage.devInbox.list({ to: '+46701234567', limit: 10 });
    assert.equal(inbox.length, 1);
    assert.equal(inbox[0]?.status, 'delivered');
    assert.equal(inbox[0]?.body.split('\n').at(-1), `@login.example.se #${issued.code}`);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { delivered: 1 });
    assert.equal(outboxRow(issued.id).transport, 'dev');
  });

  it('keeps no code in the stored outbox text once sent, while the dev inbox shows the whole text', async () => {
    const issued = await queueCodeText();
    assert.ok(outboxRow(issued.id).body.includes(issued.code), 'queued with the code');
    await dispatcherWith(dev()).drain();

    const stored = outboxRow(issued.id).body;
    const [received] = await storage.devInbox.list({ limit: 1 });
    assert.ok(received?.body.includes(issued.code));
    assert.ok(!stored.includes(issued.code));
    assert.doesNotMatch(stored, /\d{6,}/);
    assert.equal(stored, received?.body.replaceAll(issued.code, '•'.repeat(issued.code.length)));
  });

  it('retries a transient failure with growing backoff, not before it is due, then delivers', async () => {
    const issued = await queueCodeText();
    const transport = new FailingTransport(2, dev());
    const dispatcher = dispatcherWith(transport);

    await dispatcher.drain();
    assert.equal(transport.handed.length, 1);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { queued: 1 });
    assert.equal(outboxRow(issued.id).last_error, 'gateway busy (503)');
    assert.equal(await storage.outbox.queue.nextDueAt('sms'), clock.now() + 1000, 'first retry after 1 s');

    await dispatcher.drain();
    clock.advanceSeconds(0.999);
    await dispatcher.drain();
    assert.equal(transport.handed.length, 1, 'not retried before it is due');

    clock.advanceSeconds(0.001);
    await dispatcher.drain();
    assert.equal(transport.handed.length, 2);
    assert.equal(await storage.outbox.queue.nextDueAt('sms'), clock.now() + 2000, 'second retry after 2 s');

    clock.advanceSeconds(1.999);
    await dispatcher.drain();
    assert.equal(transport.handed.length, 2, 'not retried before it is due');
    clock.advanceSeconds(0.001);
    await dispatcher.drain();

    assert.equal(transport.handed.length, 3);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { delivered: 1 });
    const row = outboxRow(issued.id);
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, null);
    assert.equal((await storage.devInbox.list({ limit: 10 })).length, 1);
  });

  it('gives a text up as failed after the maximum number of attempts', async () => {
    const issued = await queueCodeText();
    const transport = new FailingTransport(Infinity);
    const dispatcher = dispatcherWith(transport, { maxAttempts: 3 });

    await dispatcher.drain();
    for (let attempt = 2; attempt <= 3; attempt++) {
      await moveToNextDue();
      await dispatcher.drain();
      assert.equal(transport.handed.length, attempt);
    }

    assert.deepEqual(await storage.outbox.operator.countByStatus(), { failed: 1 });
    assert.equal(await storage.outbox.queue.nextDueAt('sms'), undefined);
    clock.advanceSeconds(3600);
    await dispatcher.drain();
    assert.equal(transport.handed.length, 3, 'no attempt after the last');
    const row = outboxRow(issued.id);
    assert.equal(row.last_error, 'gateway busy (503)');
    assert.ok(!row.body.includes(issued.code), 'a failed text keeps no code either');
  });

  it('fails a text at once when the gateway says retrying cannot help', async () => {
    await queueCodeText();
    const transport = new FailingTransport(1, dev(), 'permanent');
    await dispatcherWith(transport).drain();
    clock.advanceSeconds(3600);
    await dispatcherWith(transport).drain();
    assert.equal(transport.handed.length, 1);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { failed: 1 });
  });

  it('retries a text whose transport threw, like a transient failure', async () => {
    const issued = await queueCodeText();
    const transport = new FailingTransport(1, dev(), 'throws');
    const dispatcher = dispatcherWith(transport);
    await dispatcher.drain();
    assert.equal(outboxRow(issued.id).last_error, 'connection reset');
    await moveToNextDue();
    await dispatcher.drain();
    assert.equal(transport.handed.length, 2);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { delivered: 1 });
  });

  it('cancels, without sending, a text whose code was replaced by a newer one', async () => {
    const accountId = await newAccount();
    const older = await queueCodeText('+46701234567', accountId);
    clock.advanceSeconds(5);
    const newer = await queueCodeText('+46701234567', accountId);
    const transport = new RecordingTransport(dev());

    await dispatcherWith(transport).drain();

    assert.equal(transport.handed.length, 1);
    assert.ok(transport.handed[0]?.body.includes(newer.code));
    assert.equal(outboxRow(older.id).status, 'cancelled');
    assert.ok(!outboxRow(older.id).body.includes(older.code), 'the unsent code is not kept either');
    assert.equal(outboxRow(newer.id).status, 'delivered');
    const inbox = await storage.devInbox.list({ to: '+46701234567', limit: 10 });
    assert.deepEqual(inbox.map((t) => t.body.includes(newer.code)), [true]);
  });

  it('keeps newest-code-wins for a text an operator makes due at once (outbox retry): the replaced code is cancelled, not sent', async () => {
    const accountId = await newAccount();
    const older = await queueCodeText('+46701234567', accountId);
    const transport = new FailingTransport(1, dev());
    const dispatcher = dispatcherWith(transport, { backoffBaseMs: 600_000, backoffMaxMs: 600_000 });
    await dispatcher.drain();
    assert.equal(outboxRow(older.id).status, 'queued', 'waiting out its backoff');

    const newer = await queueCodeText('+46701234567', accountId);
    await dispatcher.drain();
    const report = await retryTexts(storage, clock.now(), { since: clock.now() - 3600_000 });
    assert.deepEqual(report.dueNow, [outboxRow(older.id).id]);
    await dispatcher.drain();

    assert.equal(transport.handed.length, 2, 'the older code went to the gateway once, before it was replaced, and never again');
    assert.equal(outboxRow(older.id).status, 'cancelled');
    assert.equal(outboxRow(newer.id).status, 'delivered');
    const inbox = await storage.devInbox.list({ to: '+46701234567', limit: 10 });
    assert.deepEqual(inbox.map((t) => t.body.includes(newer.code)), [true]);
  });

  it('cancels, without sending, a text whose code was used before it left', async () => {
    const accountId = await newAccount();
    const issued = await queueCodeText('+46701234567', accountId);
    assert.equal(await oneTimeCodes.redeem(storage.codes, { accountId, purpose: 'sign_in' }, issued.code), 'redeemed');
    const transport = new RecordingTransport(dev());

    await dispatcherWith(transport).drain();

    assert.equal(transport.handed.length, 0);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { cancelled: 1 });
    assert.deepEqual(await storage.devInbox.list({ limit: 10 }), []);
  });

  it('marks as expired, without sending, a text whose code expired while it waited', async () => {
    const issued = await queueCodeText();
    clock.advanceSeconds(settings.ttlSeconds);
    const transport = new RecordingTransport(dev());

    await dispatcherWith(transport).drain();

    assert.equal(transport.handed.length, 0);
    assert.equal(outboxRow(issued.id).status, 'expired');
    assert.ok(!outboxRow(issued.id).body.includes(issued.code));
    assert.deepEqual(await storage.devInbox.list({ limit: 10 }), []);
  });

  it('takes over the text of a dispatcher that died only once its lease lapses, and sends it once', async () => {
    const issued = await queueCodeText();
    const claimedByTheDead = await storage.outbox.queue.claimDue('sms', clock.now(), LEASE_MS, 10);
    assert.equal(claimedByTheDead.length, 1);
    const transport = new RecordingTransport(dev());
    const survivor = dispatcherWith(transport);

    await survivor.drain();
    clock.advanceSeconds(LEASE_MS / 1000 - 0.001);
    await survivor.drain();
    assert.equal(transport.handed.length, 0, 'the lease still holds');

    clock.advanceSeconds(0.002);
    await survivor.drain();
    assert.equal(transport.handed.length, 1);
    assert.equal(transport.handed[0]?.id, claimedByTheDead[0]?.id);

    clock.advanceSeconds(LEASE_MS / 1000 * 10);
    await survivor.drain();
    assert.equal(transport.handed.length, 1, 'sent once');
    assert.equal(outboxRow(issued.id).status, 'delivered');
    assert.equal((await storage.devInbox.list({ limit: 10 })).length, 1);
  });

  it('sends each text once when two dispatchers drain at the same time', async () => {
    const numbers = Array.from({ length: 12 }, (_, i) => `+4670${String(1000000 + i)}`);
    for (const to of numbers) await queueCodeText(to);
    const transport = new RecordingTransport(dev());

    await Promise.all([dispatcherWith(transport).drain(), dispatcherWith(transport).drain()]);

    assert.equal(transport.handed.length, numbers.length);
    assert.deepEqual(new Set(transport.handed.map((t) => t.to)), new Set(numbers));
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { delivered: numbers.length });
  });

  it('claims a batch, reads its codes and starts its attempts in one transaction, and records each answer in one store call', async () => {
    for (const to of ['+46701234561', '+46701234562', '+46701234563']) await queueCodeText(to);
    const database = dispatchOn(storage, settings.maxAttempts);
    const inTransaction = database.transaction;
    assert.ok(inTransaction);
    const outside: string[] = [];
    const batches: number[] = [];
    const { queue, attempts } = storage.outbox;
    const notHere = (name: string) => () => {
      outside.push(name);
      throw new Error(`${name} outside a transaction`);
    };
    const transport = new RecordingTransport(dev());
    const dispatcher = new Dispatcher({
      outbox: { queue: { ...queue, claimDue: notHere('claimDue') }, attempts: { ...attempts, startAttempts: notHere('startAttempts'), finishAttempt: notHere('finishAttempt') } },
      codeStates: notHere('codeStates'),
      transaction: (work) =>
        inTransaction((stores) =>
          work({ ...stores, outbox: { ...stores.outbox, queue: { ...stores.outbox.queue, claimDue: async (...args: Parameters<typeof queue.claimDue>) => {
            const batch = await stores.outbox.queue.claimDue(...args);
            batches.push(batch.length);
            return batch;
          } } } }),
        ),
      transports: [transport],
      clock,
      logger,
      options: { leaseMs: LEASE_MS, concurrency: 4 },
    });

    await dispatcher.drain();

    assert.equal(transport.handed.length, 3);
    assert.deepEqual(outside, [], 'claims, code reads and attempts only inside the transaction, and each answer written with its text’s change');
    assert.deepEqual(batches.filter((n) => n > 0), [3]);
    for (const text of transport.handed) {
      assert.deepEqual((await storage.outbox.attempts.listAttempts(text.id)).map((a) => [a.attempt, a.outcome]), [[1, 'delivered']]);
    }
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { delivered: 3 });
  });

  it('readies the next batch while one is with the gateway, never sending more than `concurrency` at once', async () => {
    const numbers = Array.from({ length: 5 }, (_, i) => `+4670${String(2000000 + i)}`);
    const idsByNumber: string[] = [];
    for (const to of numbers) idsByNumber.push(outboxRow((await queueCodeText(to)).id).id);
    const inner = dev();
    let open = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    const handed: OutgoingSms[] = [];
    const slow: SmsTransport = { name: 'dev', send: async (sms) => {
      handed.push(sms);
      open += 1;
      most = Math.max(most, open);
      await new Promise<void>((resolve) => waiting.push(resolve));
      open -= 1;
      return inner.send(sms);
    } };
    const dispatcher = dispatcherWith(slow, { concurrency: 2 });
    const drained = dispatcher.drain();
    const startedAttempts = async () => (await Promise.all(numbers.map(async (_, i) => (await storage.outbox.attempts.listAttempts(idsByNumber[i] ?? '')).length))).reduce((a, b) => a + b, 0);
    while (waiting.length < 2) await new Promise((resolve) => setImmediate(resolve));
    // The first two are at the gateway; the next two are claimed, their attempts written down.
    while ((await startedAttempts()) < 4) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(handed.length, 2, 'no third text leaves while two are at the gateway');
    while (handed.length < numbers.length || waiting.length > 0) {
      waiting.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await drained;
    assert.equal(most, 2);
    assert.deepEqual(new Set(handed.map((t) => t.to)), new Set(numbers));
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { delivered: numbers.length });
  });

  it('claims the next batch beside a whole round of answers still being written', async () => {
    for (let i = 0; i < 6; i++) await queueCodeText(`+4670${String(3000000 + i)}`);
    // Each gateway answer's write waits until the test lets it go.
    const held: (() => void)[] = [];
    const transport = new RecordingTransport(dev());
    const dispatcher = dispatcherWritingAnswers(transport, async (write) => {
      await new Promise<void>((resolve) => held.push(resolve));
      return write();
    });
    const drained = dispatcher.drain();
    // No answer is written yet. The second round was claimed while the first was at the gateway;
    // the third is claimed beside the first round's writes, not after them (under load each
    // write waits a turn of the event loop), so it leaves too.
    for (let turn = 0; turn < 200 && transport.handed.length < 6; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(transport.handed.length, 6, 'the third round left before the first was written down');
    assert.ok(held.length >= 4);
    let done = false;
    void drained.then(() => (done = true));
    while (!done) {
      held.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await drained;
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { delivered: 6 });
  });

  it('sends no text twice when the gateways\' answers cannot be written, though it claims beside those writes', async () => {
    for (let i = 0; i < 6; i++) await queueCodeText(`+4670${String(3100000 + i)}`);
    const transport = new RecordingTransport(dev());
    const failing = dispatcherWritingAnswers(transport, async () => {
      throw new Error('the database went away');
    });
    await failing.drain();
    // Each text left once; with its answer unwritten it stays claimed under its lease.
    assert.equal(transport.handed.length, 6);
    assert.equal(new Set(transport.handed.map((text) => text.id)).size, 6, 'no text sent twice');
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { sending: 6 });
    // A dispatcher that can write finds nothing to send while the leases hold.
    await dispatcherWith(transport, { concurrency: 2 }).drain();
    assert.equal(transport.handed.length, 6, 'nothing sent again while claimed');
  });

  it('resolves drain() when nothing is due', async () => {
    const transport = new RecordingTransport(dev());
    const dispatcher = dispatcherWith(transport);
    await dispatcher.drain();
    assert.equal(transport.handed.length, 0);

    await queueCodeText();
    await storage.outbox.queue.claimDue('sms', clock.now(), LEASE_MS, 10); // leased elsewhere: not due here
    await dispatcher.drain();
    assert.equal(transport.handed.length, 0);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { sending: 1 });
  });
});
