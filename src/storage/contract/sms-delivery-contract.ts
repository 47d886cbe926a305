import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NewMessage } from '../../sms/outbox-store.ts';
import type { Storage } from '../storage.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const LEASE = 30_000;
const aMessage = (): NewMessage => ({ to: '+46701234567', body: 'Din kod är 12345678.\n\n@login.example.se #12345678', locale: 'sv', purpose: 'sign_in', codeId: randomUUID() });

/**
 * What the SMS delivery side (attempts, failover claims, delivery reports, operator counts)
 * owes on every backend. Called inside storageContract, which opens an empty database per case.
 */
export function smsDeliveryContract(storage: () => Storage): void {
  describe('SMS delivery: attempts, failover and reports', () => {
    /** A message claimed once, as a dispatcher holds it before sending. */
    const claimed = async (at = T0) => {
      const id = await storage().outbox.enqueue(aMessage(), at);
      const [message] = await storage().outbox.claimDue(at, LEASE, 1);
      assert.equal(message?.id, id);
      return id;
    };

    it('records an attempt before sending and its outcome after, with the gateway’s id', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      await outbox.startAttempt({ messageId: id, attempt: 1, transport: 'smpp', at: T0 + 1 });
      assert.deepEqual(await outbox.findAttempt(id, 1), {
        messageId: id, attempt: 1, transport: 'smpp', startedAt: T0 + 1, finishedAt: null, outcome: null, error: null, gatewayId: null, reportStatus: null, reportedAt: null,
      });
      await outbox.finishAttempt({ messageId: id, attempt: 1, outcome: 'sent', error: null, gatewayId: 'SMSC-42', at: T0 + 5 });
      assert.equal((await outbox.findAttemptByGatewayId('smpp', 'SMSC-42'))?.messageId, id);
      assert.equal(await outbox.findAttemptByGatewayId('kannel', 'SMSC-42'), undefined, 'ids are per transport');
      assert.deepEqual((await outbox.listAttempts(id)).map((a) => [a.attempt, a.outcome, a.finishedAt]), [[1, 'sent', T0 + 5]]);
    });

    it('keeps the first record when an attempt is started twice', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      await outbox.startAttempt({ messageId: id, attempt: 1, transport: 'kannel', at: T0 + 1 });
      await outbox.startAttempt({ messageId: id, attempt: 1, transport: 'kannel', at: T0 + 9 });
      assert.deepEqual((await outbox.listAttempts(id)).map((a) => a.startedAt), [T0 + 1]);
    });

    it('claims a sent message again once its failover time passes, and tells it was claimed from sent', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      assert.equal(await outbox.markHandedOver(id, { status: 'sent', transport: 'kannel', at: T0 + 10, body: 'kept', attempt: 1, transportIndex: 0, failoverAt: T0 + 60_000 }), true);
      assert.deepEqual(await outbox.claimDue(T0 + 59_999, LEASE, 10), []);
      const [again] = await outbox.claimDue(T0 + 60_000, LEASE, 10);
      assert.equal(again?.id, id);
      assert.equal(again?.claimedFrom, 'sent');
      assert.equal(again?.attempts, 2);
      assert.equal(again?.body, 'kept');
    });

    it('does not let an outdated attempt settle a message that moved on', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      // Taken over after the lease lapsed: attempt 2 is the message's now.
      await outbox.claimDue(T0 + LEASE + 1, LEASE, 10);
      assert.equal(await outbox.markHandedOver(id, { status: 'sent', transport: 'kannel', at: T0 + LEASE + 5, body: 'x', attempt: 1 }), false);
      assert.equal(await outbox.markRetry(id, { nextAttemptAt: T0, error: 'late', at: T0 + LEASE + 5, attempt: 1 }), false);
      assert.equal(await outbox.markFinal(id, { status: 'failed', error: 'late', at: T0 + LEASE + 5, body: 'x', attempt: 1 }), false);
      assert.deepEqual(await outbox.countByStatus(), { sending: 1 });
      assert.equal(await outbox.markHandedOver(id, { status: 'delivered', transport: 'kannel', at: T0 + LEASE + 6, body: 'x', attempt: 2 }), true);
      assert.deepEqual(await outbox.countByStatus(), { delivered: 1 });
    });

    it('lets the dispatcher add its failover time after a report already marked the attempt sent', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      assert.equal(await outbox.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, { status: 'sent', at: T0 + 2 }), true);
      assert.equal(await outbox.markHandedOver(id, { status: 'sent', transport: 'kannel', at: T0 + 3, body: 'x', attempt: 1, failoverAt: T0 + 100 }), true);
      assert.equal((await outbox.claimDue(T0 + 100, LEASE, 10))[0]?.id, id);
    });

    it('gives a claimed message back as sent without counting the claim', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      await outbox.claimDue(T0 + LEASE + 1, LEASE, 10);
      assert.equal(await outbox.returnToSent(id, { attempt: 2, transport: 'kannel', at: T0 + LEASE + 2, failoverAt: T0 + 90_000, body: 'kept' }), true);
      assert.deepEqual(await outbox.deliveryState(id), { id, status: 'sent', attempts: 1, transportIndex: 0, body: 'kept' });
      assert.deepEqual(await outbox.claimDue(T0 + 89_999, LEASE, 10), []);
      assert.equal((await outbox.claimDue(T0 + 90_000, LEASE, 10))[0]?.attempts, 2);
    });

    it('changes a message only while it is still in the state it was read in', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      const change = { status: 'delivered' as const, at: T0 + 5, reportedAt: T0 + 5, body: 'redacted', failoverAt: null };
      assert.equal(await outbox.changeIfUnchanged(id, { status: 'sending', attempts: 2 }, change), false, 'other attempt');
      assert.equal(await outbox.changeIfUnchanged(id, { status: 'sent', attempts: 1 }, change), false, 'other status');
      assert.equal(await outbox.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, change), true);
      assert.equal(await outbox.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, change), false, 'only once');
      assert.deepEqual(await outbox.deliveryState(id), { id, status: 'delivered', attempts: 1, transportIndex: 0, body: 'redacted' });
    });

    it('requeues a message on another transport through a change', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      await outbox.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, { status: 'queued', at: T0 + 5, transportIndex: 1, nextAttemptAt: T0 + 5, error: 'kannel: failed' });
      const [again] = await outbox.claimDue(T0 + 5, LEASE, 10);
      assert.deepEqual([again?.id, again?.transportIndex, again?.claimedFrom], [id, 1, 'queued']);
    });

    it('keeps a final report on an attempt: a later non-final one does not replace it', async () => {
      const outbox = storage().outbox;
      const id = await claimed();
      await outbox.startAttempt({ messageId: id, attempt: 1, transport: 'kannel', at: T0 });
      await outbox.recordAttemptReport(id, 1, 'sent', T0 + 1);
      await outbox.recordAttemptReport(id, 1, 'delivered', T0 + 2);
      await outbox.recordAttemptReport(id, 1, 'sent', T0 + 3);
      const attempt = await outbox.findAttempt(id, 1);
      assert.deepEqual([attempt?.reportStatus, attempt?.reportedAt], ['delivered', T0 + 2]);
    });

    it('counts messages by transport and status with their latency from queued to their latest status, leaving out decoys', async () => {
      const outbox = storage().outbox;
      for (const [latency, transport] of [[1000, 'kannel'], [3000, 'kannel'], [2000, 'smpp']] as const) {
        const id = await claimed();
        await outbox.markHandedOver(id, { status: 'sent', transport, at: T0 + 10, body: 'x', attempt: 1 });
        await outbox.changeIfUnchanged(id, { status: 'sent', attempts: 1 }, { status: 'delivered', at: T0 + latency, reportedAt: T0 + latency, transport });
      }
      await outbox.enqueue(aMessage(), T0);
      await outbox.enqueue(aMessage(), T0 - 1);
      await outbox.enqueueDecoy({ ...aMessage(), to: '' }, T0);
      const stats = await outbox.deliveryStats(T0);
      assert.deepEqual(stats, [
        { transport: null, status: 'queued', count: 1, latencyMs: null },
        { transport: 'kannel', status: 'delivered', count: 2, latencyMs: { avg: 2000, p50: 1000, p95: 3000, max: 3000 } },
        { transport: 'smpp', status: 'delivered', count: 1, latencyMs: { avg: 2000, p50: 2000, p95: 2000, max: 2000 } },
      ]);
    });
  });
}
