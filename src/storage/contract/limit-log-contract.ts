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
      for (const at of [T0 + 1000, T0 + 3000, T0 + 2000]) await limits.record('otp:email', 'key-a', at, 10);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0, 1), T0 + 3000);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0, 2), T0 + 2000);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0, 3), T0 + 1000);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0, 4), undefined);
    });

    it('records an event with the read when it found fewer than nth, and only then', async () => {
      const limits = storage().limits;
      const key = { bucket: 'otp:pair', key: 'key-a' };
      assert.equal(await limits.holdNthNewest(key, T0, 2, T0 + 1000), undefined, 'none yet: recorded');
      assert.equal(await limits.holdNthNewest(key, T0, 2, T0 + 2000), undefined, 'one: recorded');
      assert.equal(await limits.holdNthNewest(key, T0, 2, T0 + 3000), T0 + 1000, 'two: the pivot, nothing recorded');
      assert.equal(await limits.countSince('otp:pair', 'key-a', 0), 2);
      assert.equal(await limits.holdNthNewest(key, T0 + 1000, 2, T0 + 3000), undefined, 'the first aged out: recorded');
      assert.equal(await limits.holdNthNewest(key, 0, 1), T0 + 3000);
    });

    it('counts several keys after `since` in one hold, in the order asked', async () => {
      const limits = storage().limits;
      for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) await limits.record('sms:number', 'n1', at, 10);
      await limits.record('sms:stranger', 'n1', T0 + 3000, 10);
      await limits.record('sms:number', 'n2', T0 + 3000, 10);
      const held = { bucket: 'sms:number', key: 'n1' };
      assert.deepEqual(await limits.holdCounts(held, [held, { bucket: 'sms:stranger', key: 'n1' }, { bucket: 'sms:none', key: 'n1' }], T0 + 1000), [2, 1, 0]);
      assert.deepEqual(await limits.holdCounts(held, [{ bucket: 'sms:stranger', key: 'n1' }, held], 0), [1, 3]);
      assert.deepEqual(await limits.holdCounts(held, [], 0), []);
    });

    it('records an event for each of several keys at once, and nothing for none', async () => {
      const limits = storage().limits;
      await limits.recordEach([{ bucket: 'sms:number', key: 'n1' }, { bucket: 'sms:stranger', key: 'n1' }], T0 + 1000, 10);
      await limits.recordEach([{ bucket: 'sms:number', key: 'n1' }], T0 + 2000, 10);
      await limits.recordEach([], T0 + 3000, 10);
      assert.equal(await limits.countSince('sms:number', 'n1', 0), 2);
      assert.equal(await limits.countSince('sms:stranger', 'n1', 0), 1);
      assert.equal(await limits.holdNthNewest({ bucket: 'sms:number', key: 'n1' }, 0, 1), T0 + 2000);
    });

    it('counts only events strictly after `since`', async () => {
      const limits = storage().limits;
      for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) await limits.record('otp:email', 'key-a', at, 10);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0 + 1000, 2), T0 + 2000);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0 + 1000, 3), undefined);
    });

    it('counts events per bucket and key', async () => {
      const limits = storage().limits;
      await limits.record('otp:email', 'key-a', T0 + 1000, 10);
      await limits.record('otp:email', 'key-b', T0 + 2000, 10);
      await limits.record('otp:phone', 'key-a', T0 + 3000, 10);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0, 1), T0 + 1000);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0, 2), undefined);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-c' }, T0, 1), undefined);
    });

    it('counts the events of a key after a time', async () => {
      await storage().limits.record('b', 'k', T0, 10);
      await storage().limits.record('b', 'k', T0 + 10, 10);
      await storage().limits.record('b', 'other', T0 + 10, 10);
      assert.equal(await storage().limits.countSince('b', 'k', T0 - 1), 2);
      assert.equal(await storage().limits.countSince('b', 'k', T0), 1);
      assert.equal(await storage().limits.countSince('b', 'nothing', 0), 0);
      await storage().limits.clear('b', 'k');
      assert.equal(await storage().limits.countSince('b', 'k', 0), 0, 'cleared');
      assert.equal(await storage().limits.countSince('b', 'other', 0), 1, 'another key stays');
    });

    it('counts two events in the same millisecond as two', async () => {
      const limits = storage().limits;
      await limits.record('otp:email', 'key-a', T0 + 1000, 10);
      await limits.record('otp:email', 'key-a', T0 + 1000, 10);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, T0, 2), T0 + 1000);
    });

    it('keeps a key\'s `keep` newest events, so counts are exact up to `keep`', async () => {
      const limits = storage().limits;
      for (const at of [T0 + 1000, T0 + 4000, T0 + 2000, T0 + 3000, T0 + 5000]) await limits.record('otp:email', 'key-a', at, 3);
      assert.equal(await limits.countSince('otp:email', 'key-a', 0), 3);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, 0, 3), T0 + 3000, 'the three newest, whatever order they came in');
      await limits.recordEach([{ bucket: 'otp:email', key: 'key-a' }, { bucket: 'otp:phone', key: 'key-a' }], T0 + 6000, 2);
      assert.deepEqual(await limits.holdCounts({ bucket: 'otp:email', key: 'key-a' }, [{ bucket: 'otp:email', key: 'key-a' }, { bucket: 'otp:phone', key: 'key-a' }], 0), [2, 1]);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, 0, 2), T0 + 5000);
    });

    it('loses no event when records of one key race, in transactions or not', async () => {
      const limits = storage().limits;
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => limits.record('otp:email', 'key-a', T0 + i, 100)),
        ...Array.from({ length: 10 }, (_, i) => storage().transaction((stores) => stores.limits.recordEach([{ bucket: 'otp:email', key: 'key-a' }], T0 + 100 + i, 100))),
      ]);
      assert.equal(await limits.countSince('otp:email', 'key-a', 0), 20);
      await storage().transaction(async (stores) => {
        assert.equal(await stores.limits.countSince('otp:email', 'key-a', 0), 20);
        await Promise.all(Array.from({ length: 5 }, (_, i) => stores.limits.record('otp:email', 'key-a', T0 + 200 + i, 100)));
        assert.equal(await stores.limits.countSince('otp:email', 'key-a', 0), 25, 'within one transaction too');
      });
      assert.equal(await limits.countSince('otp:email', 'key-a', 0), 25);
    });

    it('prunes only events older than the given time, answering the keys it forgot or shortened', async () => {
      const limits = storage().limits;
      for (const at of [T0 + 1000, T0 + 2000, T0 + 3000]) await limits.record('otp:email', 'key-a', at, 10);
      await limits.record('otp:phone', 'key-b', T0 + 500, 10);
      await limits.record('otp:phone', 'key-c', T0 + 2500, 10);
      assert.equal(await limits.prune(T0 + 2000), 2);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, 0, 2), T0 + 2000);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:email', key: 'key-a' }, 0, 3), undefined);
      assert.equal(await limits.holdNthNewest({ bucket: 'otp:phone', key: 'key-b' }, 0, 1), undefined);
    });
  });
}
