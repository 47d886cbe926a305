import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { T0, LEASE, claimedText } from './outbox-fixtures.ts';

/**
 * What the report store owes on every backend: what delivery reports read and change. Called inside
 * storageContract (SQLite and PostgreSQL), which opens an empty database per case.
 */
export function outboxReportContract(storage: () => Storage): void {
  describe('SMS outbox reports: what delivery reports read and change', () => {
    it('changes a message only while it is still in the state it was read in', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      const change = { status: 'delivered' as const, at: T0 + 5, reportedAt: T0 + 5, body: 'redacted', failoverAt: null };
      assert.equal(await outbox.reports.changeIfUnchanged(id, { status: 'sending', attempts: 2 }, change), false, 'other attempt');
      assert.equal(await outbox.reports.changeIfUnchanged(id, { status: 'sent', attempts: 1 }, change), false, 'other status');
      assert.equal(await outbox.reports.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, change), true);
      assert.equal(await outbox.reports.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, change), false, 'only once');
      assert.deepEqual(await outbox.reports.deliveryState(id), { id, status: 'delivered', attempts: 1, transportIndex: 0, body: 'redacted' });
    });

    it('requeues a message on another transport through a change', async () => {
      const outbox = storage().outbox;
      const id = await claimedText(storage());
      await outbox.reports.changeIfUnchanged(id, { status: 'sending', attempts: 1 }, { status: 'queued', at: T0 + 5, transportIndex: 1, nextAttemptAt: T0 + 5, error: 'kannel: failed' });
      const [again] = await outbox.queue.claimDue('sms', T0 + 5, LEASE, 10);
      assert.deepEqual([again?.id, again?.transportIndex, again?.claimedFrom], [id, 1, 'queued']);
    });
  });
}
