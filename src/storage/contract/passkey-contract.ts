import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Passkey } from '../../domain/passkeys/passkey-store.ts';
import type { Storage } from '../storage.ts';

const aPasskey = (id: string, accountId: string, credentialId: string): Passkey => ({
  id,
  accountId,
  credentialId,
  publicKey: 'cHVibGljLWtleQ',
  signCount: 0,
  transports: ['internal', 'hybrid'],
  backupEligible: true,
  backedUp: false,
  aaguid: '00000000-0000-0000-0000-000000000000',
  name: 'Min telefon',
  createdAt: 1_000,
  lastUsedAt: null,
});

/** What the passkey store owes on every backend (inside storageContract: an empty database per case). */
export function passkeyContract(storage: () => Storage): void {
  describe('passkeys', () => {
    const account = async (id: string) => storage().accounts.insert({ id, email: `${id}@example.se`, passwordHash: 'x', createdAt: 1, emailVerifiedAt: 1 });

    it('keeps a passkey as given, finds it by credential id, and refuses a credential id twice', async () => {
      await account('p1');
      await account('p2');
      const passkeys = storage().passkeys;
      assert.equal(await passkeys.insert(aPasskey('k1', 'p1', 'cred-1')), 'created');
      assert.equal(await passkeys.insert(aPasskey('k2', 'p2', 'cred-1')), 'duplicate', 'one credential, one account');
      assert.deepEqual(await passkeys.findByCredentialId('cred-1'), aPasskey('k1', 'p1', 'cred-1'));
      assert.equal(await passkeys.findByCredentialId('cred-2'), undefined);
      await passkeys.insert({ ...aPasskey('k3', 'p1', 'cred-3'), createdAt: 2_000 });
      assert.deepEqual((await passkeys.listByAccount('p1')).map((p) => p.id), ['k1', 'k3']);
      assert.deepEqual(await passkeys.listByAccount('p2'), []);
    });

    it('records a use only from the counter it was read with, so one assertion counts once', async () => {
      await account('p3');
      const passkeys = storage().passkeys;
      await passkeys.insert(aPasskey('k4', 'p3', 'cred-4'));
      assert.equal(await passkeys.recordUse('k4', 0, { signCount: 5, backedUp: true, at: 9_000 }), true);
      assert.equal(await passkeys.recordUse('k4', 0, { signCount: 5, backedUp: true, at: 9_001 }), false);
      const used = await passkeys.findByCredentialId('cred-4');
      assert.equal(used?.signCount, 5);
      assert.equal(used?.backedUp, true);
      assert.equal(used?.lastUsedAt, 9_000);
    });

    it('removes a passkey only for its own account, answering what it removed', async () => {
      await account('p4');
      await account('p5');
      const passkeys = storage().passkeys;
      await passkeys.insert(aPasskey('k5', 'p4', 'cred-5'));
      assert.equal(await passkeys.remove('p5', 'k5'), undefined);
      assert.equal((await passkeys.remove('p4', 'k5'))?.name, 'Min telefon');
      assert.equal(await passkeys.findByCredentialId('cred-5'), undefined);
      assert.equal(await passkeys.recordUse('k5', 0, { signCount: 1, backedUp: false, at: 1 }), false, 'a removed passkey signs in no more');
    });
  });
}
