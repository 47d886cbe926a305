import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';

/**
 * What the known-device store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function knownDeviceContract(storage: () => Storage): void {
  describe('known devices: browsers a person signed in on', () => {
    const account = async (id: string) => storage().accounts.insert({ id, email: `${id}@example.se`, passwordHash: 'x', createdAt: 1, emailVerifiedAt: 1 });

    it('knows a browser for its account only, and only since it last signed in', async () => {
      await account('a1');
      await account('a2');
      const devices = storage().knownDevices;
      await devices.remember('a1', 'browser-key', 1_000);
      assert.deepEqual(await devices.lookup('a1', 'browser-key', 1_000), { known: true, anyKnown: true });
      assert.deepEqual(await devices.lookup('a1', 'browser-key', 1_001), { known: false, anyKnown: false }, 'not signed in on since');
      assert.deepEqual(await devices.lookup('a2', 'browser-key', 0), { known: false, anyKnown: false }, 'another account');
      assert.deepEqual(await devices.lookup('a1', 'other-key', 0), { known: false, anyKnown: true }, 'another browser of the account');
    });

    it('tells whether an account was signed in on any browser since a time, whichever browser asks', async () => {
      await account('a4');
      await account('a5');
      const devices = storage().knownDevices;
      await devices.remember('a4', 'one', 1_000);
      await devices.remember('a4', 'two', 3_000);
      assert.deepEqual(await devices.lookup('a4', 'three', 1_000), { known: false, anyKnown: true });
      assert.deepEqual(await devices.lookup('a4', 'one', 2_000), { known: false, anyKnown: true }, 'only the other one since');
      assert.deepEqual(await devices.lookup('a4', 'two', 2_000), { known: true, anyKnown: true });
      assert.deepEqual(await devices.lookup('a4', 'one', 3_001), { known: false, anyKnown: false }, 'not since');
      assert.deepEqual(await devices.lookup('a5', 'one', 0), { known: false, anyKnown: false }, 'another account');
    });

    it('looks a browser up by the email of an enabled account, as by its id', async () => {
      await account('a6');
      await account('a7');
      const devices = storage().knownDevices;
      await devices.remember('a6', 'browser-key', 1_000);
      await devices.remember('a7', 'other-key', 1_000);
      assert.deepEqual(await devices.lookupByEmail('a6@example.se', 'browser-key', 1_000), { known: true, anyKnown: true });
      assert.deepEqual(await devices.lookupByEmail('a6@example.se', 'other-key', 0), { known: false, anyKnown: true }, "another account's browser");
      assert.deepEqual(await devices.lookupByEmail('a6@example.se', 'browser-key', 1_001), { known: false, anyKnown: false }, 'not signed in on since');
      assert.deepEqual(await devices.lookupByEmail('nobody@example.se', 'browser-key', 0), { known: false, anyKnown: false }, 'no such account');
      await storage().accounts.setDisabled('a6', 2_000);
      assert.deepEqual(await devices.lookupByEmail('a6@example.se', 'browser-key', 0), { known: false, anyKnown: false }, 'a disabled account, as findByEmail finds none');
    });

    it('refreshes a browser on each sign-in, and forgets those not used since a time', async () => {
      await account('a3');
      const devices = storage().knownDevices;
      await devices.remember('a3', 'old', 1_000);
      await devices.remember('a3', 'kept', 1_000);
      await devices.remember('a3', 'kept', 5_000);
      assert.equal(await devices.prune(2_000), 1);
      assert.equal((await devices.lookup('a3', 'kept', 5_000)).known, true);
      assert.equal((await devices.lookup('a3', 'old', 0)).known, false);
    });
  });
}
