import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { anAccount, inserted, T0 } from './store-fixtures.ts';

/**
 * What the activity store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function activityContract(storage: () => Storage): void {
  describe('activity', () => {
    const event = (accountId: string | null, at: number, kind: 'signed_in' | 'code_failed' = 'signed_in') => ({
      id: randomUUID(),
      accountId,
      kind,
      at,
      ip: '192.0.2.1',
      userAgent: 'Firefox',
      detail: { method: 'otp' },
    });

    it('lists an account’s events newest first, with their details, and no one else’s', async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const first = event(anna.id, T0);
      const second = event(anna.id, T0 + 1000, 'code_failed');
      await storage().activity.insert(first);
      await storage().activity.insert(second);
      await storage().activity.insert(event(bo.id, T0 + 500));
      await storage().activity.insert(event(null, T0 + 700));
      assert.deepEqual(await storage().activity.listByAccount(anna.id, 10), [second, first]);
      assert.deepEqual((await storage().activity.listByAccount(anna.id, 1)).map((e) => e.id), [second.id]);
    });

    it('prunes old events and, sooner, the decoy rows that belong to no account', async () => {
      const anna = await inserted(storage(), anAccount());
      await storage().activity.insert(event(anna.id, T0));
      await storage().activity.insert(event(anna.id, T0 + 10_000));
      await storage().activity.insert(event(null, T0 + 10_000));
      assert.equal(await storage().activity.prune(T0 + 1, T0 + 20_000), 2);
      assert.equal((await storage().activity.listByAccount(anna.id, 10)).length, 1);
    });
  });
}
