import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { beforeEach, afterEach, describe, it } from 'node:test';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { retryTexts } from './outbox-retry.ts';
import type { NewMessage } from './outbox-queue-store.ts';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const LEASE = 30_000;
const text = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  to: '+46701234567',
  body: 'Ett nummer lades till på ditt konto.',
  locale: 'sv',
  purpose: 'notice',
  codeId: null,
  ...overrides,
});

describe('retrying texts (engangskod outbox retry)', () => {
  let storage: Storage;
  /** One text in every state an operator may meet, each claimed and settled as the dispatcher does. */
  let t: Record<'waiting' | 'failedNotice' | 'failedCode' | 'sending' | 'delivered' | 'dueAlready' | 'oldFailedNotice', string>;

  beforeEach(async () => {
    storage = await openSqlite(':memory:');
    const { outbox } = storage;
    const oldFailedNotice = await outbox.queue.enqueue(text(), T0 - 48 * 3600_000);
    await outbox.queue.claimDue('sms', T0 - 48 * 3600_000, LEASE, 1);
    await outbox.queue.markFinal(oldFailedNotice, { status: 'failed', error: 'gateway down', at: T0 - 48 * 3600_000, body: text().body, attempt: 1 });
    const ids = [
      await outbox.queue.enqueue(text(), T0),
      await outbox.queue.enqueue(text(), T0),
      await outbox.queue.enqueue(text({ purpose: 'sign_in', codeId: randomUUID(), body: 'Din kod är 12345678' }), T0),
      await outbox.queue.enqueue(text(), T0),
      await outbox.queue.enqueue(text(), T0),
    ] as const;
    const [waiting, failedNotice, failedCode, sending, delivered] = ids;
    await outbox.queue.claimDue('sms', T0, LEASE, 10);
    await outbox.queue.markRetry(waiting, { nextAttemptAt: T0 + 600_000, error: 'gateway busy', at: T0 + 1, attempt: 1 });
    await outbox.queue.markFinal(failedNotice, { status: 'failed', error: 'gateway down', at: T0 + 1, body: text().body, attempt: 1 });
    await outbox.queue.markFinal(failedCode, { status: 'failed', error: 'gateway down', at: T0 + 1, body: 'Din kod är ********', attempt: 1 });
    await outbox.queue.markHandedOver(delivered, { status: 'delivered', transport: 'dev', at: T0 + 1, body: text().body, attempt: 1 });
    const dueAlready = await outbox.queue.enqueue(text(), T0 + 2);
    t = { waiting, failedNotice, failedCode, sending, delivered, dueAlready, oldFailedNotice };
  });
  afterEach(() => storage.close());

  it('without ids: every text waiting for a retry is due now, and failed notices of the window go out again', async () => {
    const now = T0 + 5000;
    const report = await retryTexts(storage, now, { since: T0 - 3600_000 });
    assert.deepEqual(report.dueNow, [t.waiting]);
    assert.deepEqual(report.sentAgain.map((s) => s.id), [t.failedNotice]);
    assert.deepEqual(report.left, [{ id: t.failedCode, status: 'failed', because: 'code_gone' }]);
    // What the dispatcher now finds due: the waiting text, the one due anyway and the notice's copy; never the old notice.
    const claimed = await storage.outbox.queue.claimDue('sms', now, LEASE, 10);
    assert.deepEqual(claimed.map((m) => m.id).sort(), [t.waiting, t.dueAlready, report.sentAgain[0]!.as].sort());
    assert.equal(claimed.find((m) => m.id === report.sentAgain[0]!.as)?.body, text().body);

    const again = await retryTexts(storage, now + 1, { since: T0 - 3600_000 });
    assert.deepEqual(again.dueNow, []);
    assert.deepEqual(again.sentAgain, [], 'a notice goes out again once');
    assert.deepEqual(again.left.map((l) => [l.id, l.because]).sort(), [[t.failedCode, 'code_gone'], [t.failedNotice, 'sent_again_already']].sort());
  });

  it('with ids: just those texts, and for each one left as it was, why', async () => {
    const unknown = randomUUID();
    const report = await retryTexts(storage, T0 + 5000, { ids: Object.values(t).concat(unknown, t.waiting), since: T0 });
    assert.deepEqual(report.dueNow, [t.waiting], 'once, though named twice');
    assert.deepEqual(report.sentAgain.map((s) => s.id).sort(), [t.failedNotice, t.oldFailedNotice].sort(), 'named texts are taken whatever their age');
    assert.deepEqual(
      Object.fromEntries(report.left.map((l) => [l.id, `${l.status} ${l.because}`])),
      {
        [t.failedCode]: 'failed code_gone',
        [t.sending]: 'sending on_its_way',
        [t.delivered]: 'delivered settled',
        [t.dueAlready]: 'queued due_already',
        [unknown]: 'null unknown',
      },
    );
  });

  it('sends a failed notice again only once when two operators retry it at the same moment', async () => {
    const [a, b] = await Promise.all([
      retryTexts(storage, T0 + 5000, { ids: [t.failedNotice], since: T0 }),
      retryTexts(storage, T0 + 5000, { ids: [t.failedNotice], since: T0 }),
    ]);
    assert.equal(a.sentAgain.length + b.sentAgain.length, 1);
    assert.deepEqual(await storage.outbox.operator.countByStatus(), { queued: 3, failed: 3, sending: 1, delivered: 1 });
  });
});
