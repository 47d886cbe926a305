import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { T0, LEASE, aMail, aMessage, claimedText } from './outbox-fixtures.ts';

/**
 * What the operator store owes on every backend: counts, statistics, lists, retries,
 * pruning. Called inside
 * storageContract (SQLite and PostgreSQL), which opens an empty database per case.
 */
export function outboxOperatorContract(storage: () => Storage): void {
  describe('SMS outbox operator: counts, statistics, lists, retries, pruning', () => {
    it('counts messages by status, leaving out statuses no message has', async () => {
      const outbox = storage().outbox;
      assert.deepEqual(await outbox.operator.countByStatus(), {});
      const a = await outbox.queue.enqueue(aMessage(), T0);
      const b = await outbox.queue.enqueue(aMessage(), T0);
      await outbox.queue.enqueue(aMessage(), T0 + 1000);
      await outbox.queue.enqueue(aMessage(), T0 + 1000);
      await outbox.queue.claimDue('sms', T0, LEASE, 10);
      await outbox.queue.markHandedOver(a, { status: 'delivered', transport: 'dev', at: T0 + 1, body: 'x', attempt: 1 });
      assert.deepEqual(await outbox.operator.countByStatus(), { queued: 2, sending: 1, delivered: 1 });
      await outbox.queue.markRetry(b, { nextAttemptAt: T0 + 9000, error: 'busy', at: T0 + 1 });
      assert.deepEqual(await outbox.operator.countByStatus(), { queued: 3, delivered: 1 });
    });

    it('prunes texts that are done and old, with their attempts, never queued or sending ones', async () => {
      const outbox = storage().outbox;
      const done = await outbox.queue.enqueue(aMessage(), T0);
      const waiting = await outbox.queue.enqueue(aMessage(), T0 + 1000);
      await outbox.queue.claimDue('sms', T0, LEASE, 1);
      await outbox.attempts.startAttempts([{ messageId: done, attempt: 1, transport: 'dev', at: T0 }]);
      await outbox.queue.markHandedOver(done, { status: 'delivered', transport: 'dev', at: T0 + 1, body: 'x', attempt: 1 });
      assert.equal(await outbox.operator.pruneFinished(T0 + 1), 0, 'not old enough yet');
      assert.equal(await outbox.operator.pruneFinished(T0 + 60_000), 1);
      assert.deepEqual(await outbox.attempts.listAttempts(done), []);
      assert.deepEqual(await outbox.operator.countByStatus(), { queued: 1 });
      assert.ok(waiting);
    });

    it('lists texts for operators newest first, of one status when asked, never decoys', async () => {
      const outbox = storage().outbox;
      const older = await outbox.queue.enqueue(aMessage({ codeId: randomUUID() }), T0);
      const newer = await outbox.queue.enqueue(aMessage({ to: '+46709999999', purpose: 'notice' }), T0 + 1000);
      await outbox.queue.enqueueDecoy(aMessage({ to: '' }), T0 + 2000);
      await outbox.queue.claimDue('sms', T0, LEASE, 1);
      await outbox.queue.markFinal(older, { status: 'failed', error: 'number unreachable', at: T0 + 5, body: 'redacted', attempt: 1 });
      const listed = await outbox.operator.list({ since: T0, limit: 10 });
      assert.deepEqual(listed.map((e) => e.id), [newer, older]);
      assert.deepEqual(listed[1], {
        id: older, channel: 'sms', to: '+46701234567', purpose: 'sign_in', codeId: listed[1]?.codeId, status: 'failed', attempts: 1, transport: null,
        createdAt: T0, updatedAt: T0 + 5, nextAttemptAt: T0, lastError: 'number unreachable',
      });
      assert.ok(!('body' in listed[0]!), 'a queued code text must not show its code');
      assert.deepEqual((await outbox.operator.list({ since: T0, status: 'failed', limit: 10 })).map((e) => e.id), [older]);
      assert.deepEqual((await outbox.operator.list({ since: T0 + 1, limit: 10 })).map((e) => e.id), [newer]);
      assert.deepEqual((await outbox.operator.list({ since: T0, limit: 1 })).map((e) => e.id), [newer]);
      assert.equal((await outbox.operator.find(newer))?.to, '+46709999999');
      assert.equal(await outbox.operator.find(randomUUID()), undefined);
    });

    it('makes texts waiting for a retry due now, all or those named, and no other text', async () => {
      const outbox = storage().outbox;
      const [a, b, due, sending] = [
        await outbox.queue.enqueue(aMessage(), T0),
        await outbox.queue.enqueue(aMessage(), T0),
        await outbox.queue.enqueue(aMessage(), T0 + 1000),
        await outbox.queue.enqueue(aMessage(), T0),
      ];
      await outbox.queue.claimDue('sms', T0, LEASE, 10);
      await outbox.queue.markRetry(a, { nextAttemptAt: T0 + 60_000, error: 'busy', at: T0 + 1, attempt: 1 });
      await outbox.queue.markRetry(b, { nextAttemptAt: T0 + 90_000, error: 'busy', at: T0 + 1, attempt: 1 });
      await outbox.queue.enqueueDecoy(aMessage({ to: '' }), T0 + 50_000);
      const now = T0 + 2000;
      assert.deepEqual(await outbox.operator.dueNow(now, [b, sending, randomUUID()]), [b], 'only a text waiting for a later try moves');
      assert.equal((await outbox.operator.find(b))?.nextAttemptAt, now);
      assert.deepEqual(await outbox.operator.dueNow(now, []), []);
      assert.deepEqual(await outbox.operator.dueNow(now), [a], 'the rest: neither one due already nor a decoy');
      assert.deepEqual((await outbox.queue.claimDue('sms', now, LEASE, 10)).map((m) => m.id).sort(), [a, b, due].sort());
      assert.ok(sending);
    });

    it('sends a failed text without a code again once, as a new text, and never a failed code text', async () => {
      const outbox = storage().outbox;
      const notice = await outbox.queue.enqueue(aMessage({ purpose: 'notice', body: 'Ett nummer lades till.' }), T0);
      const code = await outbox.queue.enqueue(aMessage({ codeId: randomUUID() }), T0);
      const queued = await outbox.queue.enqueue(aMessage({ purpose: 'notice' }), T0 + 1000);
      await outbox.queue.claimDue('sms', T0, LEASE, 2);
      await outbox.queue.markFinal(notice, { status: 'failed', error: 'gateway down', at: T0 + 5, body: 'Ett nummer lades till.', attempt: 1 });
      await outbox.queue.markFinal(code, { status: 'failed', error: 'gateway down', at: T0 + 5, body: 'redacted', attempt: 1 });
      const again = await outbox.operator.sendAgain(notice, T0 + 60_000);
      assert.ok(again);
      assert.equal(await outbox.operator.sendAgain(notice, T0 + 60_001), undefined, 'only once');
      assert.equal(await outbox.operator.sendAgain(code, T0 + 60_000), undefined, 'its code is gone from the outbox');
      assert.equal(await outbox.operator.sendAgain(queued, T0 + 60_000), undefined, 'not failed');
      assert.equal((await outbox.operator.find(notice))?.lastError, `gateway down; sent again as ${again}`);
      assert.equal((await outbox.operator.find(notice))?.status, 'failed');
      const claimed = await outbox.queue.claimDue('sms', T0 + 60_000, LEASE, 10);
      const copy = claimed.find((m) => m.id === again);
      assert.deepEqual(copy && { to: copy.to, body: copy.body, purpose: copy.purpose, codeId: copy.codeId, attempts: copy.attempts }, {
        to: '+46701234567', body: 'Ett nummer lades till.', purpose: 'notice', codeId: null, attempts: 1,
      });
    });

    it('never claims, counts or reports decoy rows, and prunes them by age', async () => {
      const outbox = storage().outbox;
      await outbox.queue.enqueueDecoy(aMessage({ to: '' }), T0);
      await outbox.queue.enqueueDecoy(aMessage({ to: '' }), T0 + 5000);
      assert.deepEqual(await outbox.queue.claimDue('sms', T0 + 60_000, LEASE, 10), []);
      assert.equal(await outbox.queue.nextDueAt('sms'), undefined);
      assert.deepEqual(await outbox.operator.countByStatus(), {});
      assert.deepEqual(await outbox.operator.deliveryStats(T0 - 1), []);
      assert.equal(await outbox.operator.pruneDecoys(T0 + 1000), 1);
      assert.equal(await outbox.operator.pruneDecoys(T0 + 10_000), 1);
    });

    it('counts messages by transport and status with their latency from queued to their latest status, leaving out decoys', async () => {
      const outbox = storage().outbox;
      for (const [latency, transport] of [[1000, 'kannel'], [3000, 'kannel'], [2000, 'smpp']] as const) {
        const id = await claimedText(storage());
        await outbox.queue.markHandedOver(id, { status: 'sent', transport, at: T0 + 10, body: 'x', attempt: 1 });
        await outbox.reports.changeIfUnchanged(id, { status: 'sent', attempts: 1 }, { status: 'delivered', at: T0 + latency, reportedAt: T0 + latency, transport });
      }
      await outbox.queue.enqueue(aMessage(), T0);
      await outbox.queue.enqueue(aMessage(), T0 - 1);
      await outbox.queue.enqueueDecoy({ ...aMessage(), to: '' }, T0);
      const stats = await outbox.operator.deliveryStats(T0);
      assert.deepEqual(stats, [
        { transport: null, status: 'queued', count: 1, latencyMs: null },
        { transport: 'kannel', status: 'delivered', count: 2, latencyMs: { avg: 2000, p50: 1000, p95: 3000, max: 3000 } },
        { transport: 'smpp', status: 'delivered', count: 1, latencyMs: { avg: 2000, p50: 2000, p95: 2000, max: 2000 } },
      ]);
    });

    it('takes nearest-rank percentiles of a group’s latencies in the database, whatever order the texts came in', async () => {
      const outbox = storage().outbox;
      // Latencies 1 s … 20 s, queued in a shuffled order.
      for (const seconds of [7, 19, 2, 14, 20, 1, 11, 5, 16, 9, 3, 18, 12, 6, 15, 10, 4, 17, 8, 13]) {
        const id = await claimedText(storage());
        await outbox.queue.markHandedOver(id, { status: 'delivered', transport: 'kannel', at: T0 + seconds * 1000, body: 'x', attempt: 1 });
      }
      const [only, ...rest] = await outbox.operator.deliveryStats(T0);
      assert.deepEqual(rest, []);
      assert.deepEqual(only, { transport: 'kannel', status: 'delivered', count: 20, latencyMs: { avg: 10_500, p50: 10_000, p95: 19_000, max: 20_000 } });
    });
  });

  describe('outbox operator: mails beside texts', () => {
    it('counts, lists and reports statistics per channel when asked, and both together otherwise', async () => {
      const outbox = storage().outbox;
      const mail = await outbox.queue.enqueue(aMail(), T0);
      const text = await outbox.queue.enqueue(aMessage(), T0 + 1);
      await outbox.queue.claimDue('mail', T0, LEASE, 10);
      await outbox.queue.markHandedOver(mail, { status: 'delivered', transport: 'smtp', at: T0 + 40, body: 'redacted', attempt: 1 });
      assert.deepEqual(await outbox.operator.countByStatus('mail'), { delivered: 1 });
      assert.deepEqual(await outbox.operator.countByStatus('sms'), { queued: 1 });
      assert.deepEqual(await outbox.operator.countByStatus(), { delivered: 1, queued: 1 });
      assert.deepEqual((await outbox.operator.list({ since: T0, channel: 'mail', limit: 10 })).map((e) => [e.id, e.channel, e.to]), [[mail, 'mail', 'anna@example.se']]);
      assert.deepEqual((await outbox.operator.list({ since: T0, channel: 'sms', limit: 10 })).map((e) => e.id), [text]);
      assert.deepEqual((await outbox.operator.list({ since: T0, limit: 10 })).map((e) => e.id), [text, mail]);
      assert.deepEqual((await outbox.operator.deliveryStats(T0, 'mail')).map((r) => [r.transport, r.status, r.count, r.latencyMs?.max]), [['smtp', 'delivered', 1, 40]]);
      assert.deepEqual((await outbox.operator.deliveryStats(T0, 'sms')).map((r) => [r.transport, r.status, r.count]), [[null, 'queued', 1]]);
    });

    it('sends a failed notice mail again as a new mail, with its subject', async () => {
      const outbox = storage().outbox;
      const notice = await outbox.queue.enqueue(aMail({ purpose: 'password_changed', subject: 'Ditt lösenord har ändrats', body: 'Ditt lösenord har ändrats.' }), T0);
      await outbox.queue.claimDue('mail', T0, LEASE, 10);
      await outbox.queue.markFinal(notice, { status: 'failed', error: '550 mailbox unavailable', at: T0 + 5, body: 'Ditt lösenord har ändrats.', attempt: 1 });
      const again = await outbox.operator.sendAgain(notice, T0 + 60_000);
      assert.ok(again);
      const [copy] = await outbox.queue.claimDue('mail', T0 + 60_000, LEASE, 10);
      assert.deepEqual(copy && [copy.id, copy.channel, copy.to, copy.subject, copy.body], [again, 'mail', 'anna@example.se', 'Ditt lösenord har ändrats', 'Ditt lösenord har ändrats.']);
    });

    it('erases a deleted account\'s settled farewells, never one still on its way, and does not send an erased one again', async () => {
      const outbox = storage().outbox;
      const failed = await outbox.queue.enqueue(aMail({ purpose: 'account_deleted', subject: 'Ditt konto har tagits bort', body: 'Hej!' }), T0);
      const waiting = await outbox.queue.enqueue(aMail({ purpose: 'account_deleted', subject: 'Ditt konto har tagits bort', body: 'Hej!' }), T0 + 10);
      const other = await outbox.queue.enqueue(aMail({ purpose: 'password_changed', subject: 'Ditt lösenord har ändrats', body: 'Hej!' }), T0 + 20);
      await outbox.queue.claimDue('mail', T0, LEASE, 1);
      await outbox.queue.markFinal(failed, { status: 'failed', error: '550 mailbox unavailable', at: T0 + 5, body: 'Hej!', attempt: 1 });
      assert.equal(await storage().erasure.eraseSettled('account_deleted'), 1);
      assert.equal(await storage().erasure.eraseSettled('account_deleted'), 0, 'once');
      const erased = await outbox.operator.find(failed);
      assert.deepEqual(erased && [erased.to, erased.status], ['', 'failed']);
      assert.equal((await outbox.operator.find(waiting))?.to, 'anna@example.se', 'a queued farewell still needs its recipient');
      assert.equal((await outbox.operator.find(other))?.to, 'anna@example.se');
      assert.equal(await outbox.operator.sendAgain(failed, T0 + 60_000), undefined, 'no one to send it to');
    });

    it('prunes finished mails like finished texts, never a queued one', async () => {
      const outbox = storage().outbox;
      const done = await outbox.queue.enqueue(aMail(), T0);
      const waiting = await outbox.queue.enqueue(aMail(), T0 + 10);
      await outbox.queue.claimDue('mail', T0, LEASE, 1);
      await outbox.queue.markHandedOver(done, { status: 'delivered', transport: 'smtp', at: T0 + 5, body: 'redacted', attempt: 1 });
      assert.equal(await outbox.operator.pruneFinished(T0 + 1000), 1);
      assert.equal(await outbox.operator.find(done), undefined);
      assert.equal((await outbox.operator.find(waiting))?.status, 'queued');
    });
  });
}
