import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { T0, LEASE, aMail, aMessage, claimedText } from './outbox-fixtures.ts';

/**
 * What the queue store owes on every backend: enqueue, claims under a lease, hand-over,
 * retry, final and give-back. Called inside
 * storageContract (SQLite and PostgreSQL), which opens an empty database per case.
 */
export function outboxQueueContract(storage: () => Storage): void {
  describe('SMS outbox queue: enqueue, claims under a lease, hand-over, retry, final and give-back', () => {
    it('claims a queued message once it is due, leasing it and counting the attempt', async () => {
      const outbox = storage().outbox;
      const message = aMessage({ codeId: randomUUID() });
      const id = await outbox.queue.enqueue(message, T0);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 - 1, LEASE, 10), [], 'not due before it was queued');
      const claimed = await outbox.queue.claimDue('sms', T0, LEASE, 10);
      assert.deepEqual(claimed, [{ ...message, id, status: 'sending', attempts: 1, createdAt: T0, transportIndex: 0, claimedFrom: 'queued' }]);
      assert.deepEqual(await outbox.operator.countByStatus(), { sending: 1 });
    });

    it('claims at most `limit` messages, the longest-waiting first', async () => {
      const outbox = storage().outbox;
      const third = await outbox.queue.enqueue(aMessage(), T0 + 3000);
      const first = await outbox.queue.enqueue(aMessage(), T0 + 1000);
      const second = await outbox.queue.enqueue(aMessage(), T0 + 2000);
      const batch = await outbox.queue.claimDue('sms', T0 + 5000, LEASE, 2);
      assert.deepEqual(batch.map((m) => m.id), [first, second]);
      assert.deepEqual((await outbox.queue.claimDue('sms', T0 + 5000, LEASE, 2)).map((m) => m.id), [third]);
    });

    it('does not claim a leased message again until its lease lapses', async () => {
      const outbox = storage().outbox;
      const id = await outbox.queue.enqueue(aMessage(), T0);
      await outbox.queue.claimDue('sms', T0, LEASE, 10);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 1, LEASE, 10), []);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + LEASE - 1, LEASE, 10), []);
      const takenOver = await outbox.queue.claimDue('sms', T0 + LEASE + 1, LEASE, 10);
      assert.deepEqual(takenOver.map((m) => [m.id, m.status, m.attempts]), [[id, 'sending', 2]]);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + LEASE + 2, LEASE, 10), [], 'the new lease holds');
    });

    it('hands each message to only one of several simultaneous claimers', async () => {
      const outbox = storage().outbox;
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) ids.add(await outbox.queue.enqueue(aMessage(), T0 + i));
      const batches = await Promise.all(Array.from({ length: 5 }, () => outbox.queue.claimDue('sms', T0 + 100, LEASE, 20)));
      const claimed = batches.flat().map((m) => m.id);
      assert.equal(claimed.length, 20);
      assert.deepEqual(new Set(claimed), ids);
    });

    it('tells when the next queued message falls due', async () => {
      const outbox = storage().outbox;
      assert.equal(await outbox.queue.nextDueAt('sms'), undefined);
      await outbox.queue.enqueue(aMessage(), T0 + 2000);
      await outbox.queue.enqueue(aMessage(), T0 + 1000);
      assert.equal(await outbox.queue.nextDueAt('sms'), T0 + 1000);
      await outbox.queue.claimDue('sms', T0 + 1000, LEASE, 1);
      assert.equal(await outbox.queue.nextDueAt('sms'), T0 + 2000, 'a leased message is not queued');
    });

    it('never claims a message again once it was handed over', async () => {
      const outbox = storage().outbox;
      const sent = await outbox.queue.enqueue(aMessage(), T0);
      const delivered = await outbox.queue.enqueue(aMessage(), T0);
      await outbox.queue.claimDue('sms', T0, LEASE, 10);
      await outbox.queue.markHandedOver(sent, { status: 'sent', transport: 'gateway', at: T0 + 10, body: 'redacted', attempt: 1 });
      await outbox.queue.markHandedOver(delivered, { status: 'delivered', transport: 'dev', at: T0 + 10, body: 'redacted', attempt: 1 });
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 10 * LEASE, LEASE, 10), []);
      assert.equal(await outbox.queue.nextDueAt('sms'), undefined);
      assert.deepEqual(await outbox.operator.countByStatus(), { sent: 1, delivered: 1 });
    });

    it('queues a message for retry, due only from its next attempt time', async () => {
      const outbox = storage().outbox;
      const message = aMessage();
      const id = await outbox.queue.enqueue(message, T0);
      await outbox.queue.claimDue('sms', T0, LEASE, 10);
      await outbox.queue.markRetry(id, { nextAttemptAt: T0 + 5000, error: 'gateway busy', at: T0 + 10 });
      assert.deepEqual(await outbox.operator.countByStatus(), { queued: 1 });
      assert.equal(await outbox.queue.nextDueAt('sms'), T0 + 5000);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 4999, LEASE, 10), []);
      const retried = await outbox.queue.claimDue('sms', T0 + 5000, LEASE, 10);
      assert.deepEqual(retried, [{ ...message, id, status: 'sending', attempts: 2, createdAt: T0, transportIndex: 0, claimedFrom: 'queued' }]);
    });

    it('never claims a message again once it is final', async () => {
      const outbox = storage().outbox;
      const failed = await outbox.queue.enqueue(aMessage(), T0);
      const expired = await outbox.queue.enqueue(aMessage(), T0);
      const cancelled = await outbox.queue.enqueue(aMessage(), T0);
      await outbox.queue.claimDue('sms', T0, LEASE, 10);
      await outbox.queue.markFinal(failed, { status: 'failed', error: 'number unreachable', at: T0 + 1, body: 'x' });
      await outbox.queue.markFinal(expired, { status: 'expired', error: 'code expired', at: T0 + 1, body: 'x' });
      await outbox.queue.markFinal(cancelled, { status: 'cancelled', error: 'code replaced', at: T0 + 1, body: 'x' });
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 10 * LEASE, LEASE, 10), []);
      assert.equal(await outbox.queue.nextDueAt('sms'), undefined);
      assert.deepEqual(await outbox.operator.countByStatus(), { failed: 1, expired: 1, cancelled: 1 });
    });

    it('claims a sent message again once its failover time passes, and tells it was claimed from sent', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      assert.equal(await outbox.queue.markHandedOver(id, { status: 'sent', transport: 'kannel', at: T0 + 10, body: 'kept', attempt: 1, transportIndex: 0, failoverAt: T0 + 60_000 }), true);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 59_999, LEASE, 10), []);
      const [again] = await outbox.queue.claimDue('sms', T0 + 60_000, LEASE, 10);
      assert.equal(again?.id, id);
      assert.equal(again?.claimedFrom, 'sent');
      assert.equal(again?.attempts, 2);
      assert.equal(again?.body, 'kept');
    });

    it('does not let an outdated attempt settle a message that moved on', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      // Taken over after the lease lapsed: attempt 2 is the message's now.
      await outbox.queue.claimDue('sms', T0 + LEASE + 1, LEASE, 10);
      assert.equal(await outbox.queue.markHandedOver(id, { status: 'sent', transport: 'kannel', at: T0 + LEASE + 5, body: 'x', attempt: 1 }), false);
      assert.equal(await outbox.queue.markRetry(id, { nextAttemptAt: T0, error: 'late', at: T0 + LEASE + 5, attempt: 1 }), false);
      assert.equal(await outbox.queue.markFinal(id, { status: 'failed', error: 'late', at: T0 + LEASE + 5, body: 'x', attempt: 1 }), false);
      assert.deepEqual(await outbox.operator.countByStatus(), { sending: 1 });
      assert.equal(await outbox.queue.markHandedOver(id, { status: 'delivered', transport: 'kannel', at: T0 + LEASE + 6, body: 'x', attempt: 2 }), true);
      assert.deepEqual(await outbox.operator.countByStatus(), { delivered: 1 });
    });

    it('ends the attempt in the same call as the hand-over, retry or final change, even when a report settled the message first', async () => {
      const outbox = storage().outbox;
      const attemptOf = async (id: string) => {
        const a = await outbox.attempts.findAttempt(id, 1);
        return [a?.outcome, a?.error, a?.gatewayId, a?.finishedAt];
      };
      const started = async () => {
        const id = await claimedText(storage());
        await outbox.attempts.startAttempts([{ messageId: id, attempt: 1, transport: 'smpp', at: T0 }]);
        return id;
      };
      const handed = await started();
      const finishes = { outcome: 'sent', error: null, gatewayId: 'SMSC-7' } as const;
      assert.equal(await outbox.queue.markHandedOver(handed, { status: 'sent', transport: 'smpp', at: T0 + 5, body: 'x', attempt: 1, failoverAt: T0 + 100, finishes }), true);
      assert.deepEqual(await attemptOf(handed), ['sent', null, 'SMSC-7', T0 + 5]);
      assert.equal((await outbox.attempts.findAttemptByGatewayId('smpp', 'SMSC-7'))?.messageId, handed);

      const retried = await started();
      assert.equal(await outbox.queue.markRetry(retried, { nextAttemptAt: T0 + 1000, error: 'busy', at: T0 + 6, attempt: 1, finishes: { outcome: 'retry', error: 'busy', gatewayId: null } }), true);
      assert.deepEqual(await attemptOf(retried), ['retry', 'busy', null, T0 + 6]);

      const failed = await started();
      assert.equal(await outbox.queue.markFinal(failed, { status: 'failed', error: 'refused', at: T0 + 7, body: 'x', attempt: 1, finishes: { outcome: 'failed', error: 'refused', gatewayId: null } }), true);
      assert.deepEqual(await attemptOf(failed), ['failed', 'refused', null, T0 + 7]);

      const reported = await started();
      assert.equal(await outbox.reports.changeIfUnchanged(reported, { status: 'sending', attempts: 1 }, { status: 'delivered', at: T0 + 2 }), true);
      const late = { status: 'sent', transport: 'smpp', at: T0 + 8, body: 'x', attempt: 1, finishes: { outcome: 'sent', error: null, gatewayId: 'SMSC-8' } } as const;
      assert.equal(await outbox.queue.markHandedOver(reported, late), false, 'the report’s final status stays');
      assert.deepEqual(await attemptOf(reported), ['sent', null, 'SMSC-8', T0 + 8], 'the attempt ends all the same');
      assert.deepEqual(await outbox.operator.countByStatus(), { sent: 1, queued: 1, failed: 1, delivered: 1 });
    });

    it('lets the dispatcher add its failover time after a report already marked the attempt sent', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      assert.equal(await outbox.reports.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, { status: 'sent', at: T0 + 2 }), true);
      assert.equal(await outbox.queue.markHandedOver(id, { status: 'sent', transport: 'kannel', at: T0 + 3, body: 'x', attempt: 1, failoverAt: T0 + 100 }), true);
      assert.equal((await outbox.queue.claimDue('sms', T0 + 100, LEASE, 10))[0]?.id, id);
    });

    it('gives a claimed message back as sent without counting the claim', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      await outbox.queue.claimDue('sms', T0 + LEASE + 1, LEASE, 10);
      assert.equal(await outbox.queue.returnToSent(id, { attempt: 2, transport: 'kannel', at: T0 + LEASE + 2, failoverAt: T0 + 90_000, body: 'kept' }), true);
      assert.deepEqual(await outbox.reports.deliveryState(id), { id, status: 'sent', attempts: 1, transportIndex: 0, body: 'kept' });
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 89_999, LEASE, 10), []);
      assert.equal((await outbox.queue.claimDue('sms', T0 + 90_000, LEASE, 10))[0]?.attempts, 2);
    });
  });

  describe('outbox queue: mails beside texts, claimed per channel', () => {
    it('keeps a mail with its subject and address, and hands it only to a claim of the mail channel', async () => {
      const outbox = storage().outbox;
      const mail = aMail({ codeId: randomUUID() });
      const mailId = await outbox.queue.enqueue(mail, T0);
      const textId = await outbox.queue.enqueue(aMessage(), T0);
      const mails = await outbox.queue.claimDue('mail', T0, LEASE, 10);
      assert.deepEqual(mails, [{ ...mail, id: mailId, status: 'sending', attempts: 1, createdAt: T0, transportIndex: 0, claimedFrom: 'queued' }]);
      assert.deepEqual(await outbox.queue.claimDue('mail', T0, LEASE, 10), [], 'the text is not the mail dispatcher’s');
      assert.deepEqual((await outbox.queue.claimDue('sms', T0, LEASE, 10)).map((m) => [m.id, m.channel, m.subject]), [[textId, 'sms', null]]);
    });

    it('tells when the next message of each channel falls due', async () => {
      const outbox = storage().outbox;
      await outbox.queue.enqueue(aMail(), T0 + 2000);
      await outbox.queue.enqueue(aMessage(), T0 + 1000);
      assert.equal(await outbox.queue.nextDueAt('mail'), T0 + 2000);
      assert.equal(await outbox.queue.nextDueAt('sms'), T0 + 1000);
    });

    it('takes a mail over after its sender’s lease lapsed, and fails it over after a silent hand-over, within its channel', async () => {
      const outbox = storage().outbox;
      const id = await outbox.queue.enqueue(aMail(), T0);
      await outbox.queue.claimDue('mail', T0, LEASE, 10);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + LEASE + 1, LEASE, 10), []);
      const [takenOver] = await outbox.queue.claimDue('mail', T0 + LEASE + 1, LEASE, 10);
      assert.deepEqual([takenOver?.id, takenOver?.claimedFrom], [id, 'sending']);
      await outbox.queue.markHandedOver(id, { status: 'sent', transport: 'smtp', at: T0 + LEASE + 2, body: 'x', attempt: 2, failoverAt: T0 + 90_000 });
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 90_000, LEASE, 10), []);
      assert.deepEqual((await outbox.queue.claimDue('mail', T0 + 90_000, LEASE, 10)).map((m) => [m.id, m.claimedFrom]), [[id, 'sent']]);
    });

    it('hands each mail to only one of several simultaneous claimers, and no text to any of them', async () => {
      const outbox = storage().outbox;
      const mails = new Set<string>();
      for (let i = 0; i < 10; i++) {
        mails.add(await outbox.queue.enqueue(aMail(), T0 + i));
        await outbox.queue.enqueue(aMessage(), T0 + i);
      }
      const batches = await Promise.all(Array.from({ length: 4 }, () => outbox.queue.claimDue('mail', T0 + 100, LEASE, 20)));
      const claimed = batches.flat().map((m) => m.id);
      assert.equal(claimed.length, 10);
      assert.deepEqual(new Set(claimed), mails);
      assert.equal((await outbox.queue.claimDue('sms', T0 + 100, LEASE, 20)).length, 10);
    });

    it('never claims a mail decoy', async () => {
      const outbox = storage().outbox;
      await outbox.queue.enqueueDecoy(aMail({ to: '' }), T0);
      assert.deepEqual(await outbox.queue.claimDue('mail', T0 + 60_000, LEASE, 10), []);
      assert.deepEqual(await outbox.operator.countByStatus(), {});
    });
  });
}
