import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { aSigningKey } from './store-fixtures.ts';

/**
 * What the store of OpenID Connect signing keys owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function oidcSigningKeyContract(storage: () => Storage): void {
  describe('OpenID Connect signing keys', () => {
    it('lists signing keys newest generation first', async () => {
      const keys = [1, 3, 2].map((generation) => aSigningKey({ generation }));
      for (const key of keys) assert.equal(await storage().signingKeys.insertIfNew(key), true);
      assert.deepEqual(await storage().signingKeys.list(), [...keys].sort((a, b) => b.generation - a.generation));
    });

    it('refuses a second key of a generation already taken, keeping the first', async () => {
      const first = aSigningKey({ generation: 1 });
      assert.equal(await storage().signingKeys.insertIfNew(first), true);
      assert.equal(await storage().signingKeys.insertIfNew(aSigningKey({ generation: 1 })), false);
      assert.deepEqual(await storage().signingKeys.list(), [first]);
    });

    it('lets exactly one of several instances adding the first key at once succeed', async () => {
      const candidates = Array.from({ length: 10 }, () => aSigningKey({ generation: 1 }));
      const results = await Promise.all(candidates.map((key) => storage().signingKeys.insertIfNew(key)));
      assert.equal(results.filter(Boolean).length, 1);
      const winner = candidates[results.indexOf(true)];
      assert.deepEqual(await storage().signingKeys.list(), [winner]);
    });

    it('removes keys older than a generation, saying how many', async () => {
      const keys = [1, 2, 3, 4].map((generation) => aSigningKey({ generation }));
      for (const key of keys) await storage().signingKeys.insertIfNew(key);
      assert.equal(await storage().signingKeys.removeOlderThan(3), 2);
      assert.deepEqual((await storage().signingKeys.list()).map((k) => k.generation), [4, 3]);
      assert.equal(await storage().signingKeys.removeOlderThan(3), 0);
    });
  });
}
