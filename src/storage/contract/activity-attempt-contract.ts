import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Attempt } from '../../domain/activity/activity-store.ts';
import type { Storage } from '../storage.ts';

/**
 * What the store of grouped attempts owes on every backend. Called inside storageContract
 * (SQLite and PostgreSQL), which opens an empty database per case.
 */
export function activityAttemptContract(storage: () => Storage): void {
  describe('activity: attempts grouped per account, kind and day', () => {
    const T0 = Date.UTC(2026, 0, 15, 8);
    const account = async (id: string) => storage().accounts.insert({ id, email: `${id}@example.se`, passwordHash: 'x', createdAt: 1, emailVerifiedAt: 1 });
    const attempt = (accountId: string | null, fields: Partial<Attempt> = {}): Attempt => ({
      newGroupId: randomUUID(),
      accountId,
      kind: 'code_failed',
      day: '2026-01-15',
      at: T0,
      addressKey: 'address-a',
      ip: '192.0.2.1',
      userAgent: 'Firefox',
      ...fields,
    });

    it('counts attempts of one kind and day into one group, with the first and last time and distinct addresses', async () => {
      await account('g1');
      const { activity } = storage();
      await activity.recordAttempt(attempt('g1', { at: T0 + 1000 }), 100);
      await activity.recordAttempt(attempt('g1', { at: T0 + 3000, addressKey: 'address-b', ip: '192.0.2.2', userAgent: 'Chrome' }), 100);
      await activity.recordAttempt(attempt('g1', { at: T0 + 2000, addressKey: 'address-a', ip: '192.0.2.1' }), 100);
      const [group, ...rest] = await activity.listAttemptGroups('g1', 0, 10);
      assert.deepEqual(rest, []);
      assert.deepEqual(
        { ...group, id: undefined },
        { id: undefined, accountId: 'g1', kind: 'code_failed', day: '2026-01-15', count: 3, firstAt: T0 + 1000, lastAt: T0 + 3000, addresses: 2, ip: '192.0.2.1', userAgent: 'Firefox' },
      );
    });

    it('keeps kinds, days and accounts apart, and lists the most recent first from a time on', async () => {
      await account('g2');
      await account('g3');
      const { activity } = storage();
      await activity.recordAttempt(attempt('g2', { kind: 'password_failed', at: T0 + 10 }), 100);
      await activity.recordAttempt(attempt('g2', { kind: 'code_failed', at: T0 + 20 }), 100);
      await activity.recordAttempt(attempt('g2', { day: '2026-01-14', at: T0 - 3_600_000 }), 100);
      await activity.recordAttempt(attempt('g3', { at: T0 + 30 }), 100);
      const groups = await activity.listAttemptGroups('g2', 0, 10);
      assert.deepEqual(groups.map((g) => [g.kind, g.day, g.count]), [['code_failed', '2026-01-15', 1], ['password_failed', '2026-01-15', 1], ['code_failed', '2026-01-14', 1]]);
      assert.deepEqual((await activity.listAttemptGroups('g2', T0, 10)).map((g) => g.kind), ['code_failed', 'password_failed']);
      assert.equal((await activity.listAttemptGroups('g2', 0, 1)).length, 1);
    });

    it('counts addresses only up to the bound, and attempts with no address not at all', async () => {
      await account('g4');
      const { activity } = storage();
      for (const key of ['a', 'b', 'c', 'd']) await activity.recordAttempt(attempt('g4', { addressKey: key }), 3);
      await activity.recordAttempt(attempt('g4', { addressKey: null }), 3);
      const [group] = await activity.listAttemptGroups('g4', 0, 10);
      assert.equal(group?.count, 5);
      assert.equal(group?.addresses, 3);
    });

    it('makes one group of simultaneous attempts', async () => {
      await account('g5');
      const { activity } = storage();
      await Promise.all(Array.from({ length: 20 }, (_, i) => activity.recordAttempt(attempt('g5', { at: T0 + i, addressKey: `k${i % 4}` }), 100)));
      const groups = await activity.listAttemptGroups('g5', 0, 10);
      assert.equal(groups.length, 1);
      assert.equal(groups[0]?.count, 20);
      assert.equal(groups[0]?.addresses, 4);
    });

    it('gives every decoy (no account) a group of its own, and prunes decoys sooner than the rest', async () => {
      await account('g6');
      const { activity } = storage();
      await activity.recordAttempt(attempt(null, { at: T0 }), 100);
      await activity.recordAttempt(attempt(null, { at: T0 + 10_000 }), 100);
      await activity.recordAttempt(attempt('g6', { at: T0 }), 100);
      await activity.recordAttempt(attempt('g6', { day: '2026-01-16', at: T0 + 86_400_000 }), 100);
      // Decoys before T0 + 20 s go, and every group before T0 + 1.
      assert.equal(await activity.pruneAttemptGroups(T0 + 1, T0 + 20_000), 3);
      assert.deepEqual((await activity.listAttemptGroups('g6', 0, 10)).map((g) => g.day), ['2026-01-16']);
    });
  });
}
