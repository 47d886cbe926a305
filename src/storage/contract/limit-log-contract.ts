import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { T0 } from './store-fixtures.ts';

/**
 * What the limit events store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function limitLogContract(storage: () => Storage): void {
  describe('limit events', () => {
    it('gives the time of the nth newest event after `since`', async () => {
      const limits = storage().limits;
      for (const at of [T0 + 1000, T0 + 3000, T0 + 2000]) await limits.record('otp:email', 'key-a', at);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 1), T0 + 3000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 2), T0 + 2000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 3), T0 + 1000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 4), undefined);
    });

    it('counts only events strictly after `since`', async () => {
      const limits = storage().limits;
      for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) await limits.record('otp:email', 'key-a', at);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0 + 1000, 2), T0 + 2000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0 + 1000, 3), undefined);
    });

    it('counts events per bucket and key', async () => {
      const limits = storage().limits;
      await limits.record('otp:email', 'key-a', T0 + 1000);
      await limits.record('otp:email', 'key-b', T0 + 2000);
      await limits.record('otp:phone', 'key-a', T0 + 3000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 1), T0 + 1000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 2), undefined);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-c', T0, 1), undefined);
    });

    it('counts the events of a key after a time', async () => {
      await storage().limits.record('b', 'k', T0);
      await storage().limits.record('b', 'k', T0 + 10);
      await storage().limits.record('b', 'other', T0 + 10);
      assert.equal(await storage().limits.countSince('b', 'k', T0 - 1), 2);
      assert.equal(await storage().limits.countSince('b', 'k', T0), 1);
      assert.equal(await storage().limits.countSince('b', 'nothing', 0), 0);
      await storage().limits.clear('b', 'k');
      assert.equal(await storage().limits.countSince('b', 'k', 0), 0, 'cleared');
      assert.equal(await storage().limits.countSince('b', 'other', 0), 1, 'another key stays');
    });

    it('counts two events in the same millisecond as two', async () => {
      const limits = storage().limits;
      await limits.record('otp:email', 'key-a', T0 + 1000);
      await limits.record('otp:email', 'key-a', T0 + 1000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', T0, 2), T0 + 1000);
    });

    it('prunes only events older than the given time', async () => {
      const limits = storage().limits;
      for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) await limits.record('otp:email', 'key-a', at);
      await limits.record('otp:phone', 'key-b', T0 + 500);
      assert.equal(await limits.prune(T0 + 2000), 2);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', 0, 2), T0 + 2000);
      assert.equal(await limits.nthNewestSince('otp:email', 'key-a', 0, 3), undefined);
      assert.equal(await limits.nthNewestSince('otp:phone', 'key-b', 0, 1), undefined);
    });
  });
}
