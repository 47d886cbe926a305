import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { anAccount, inserted, T0 } from './store-fixtures.ts';

/**
 * What the accounts store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function accountContract(storage: () => Storage): void {
  describe('accounts', () => {
    it('finds an inserted account by email and by id', async () => {
      const anna = anAccount();
      assert.equal(await storage().accounts.insert(anna), 'created');
      assert.deepEqual(await storage().accounts.findByEmail(anna.email), anna);
      assert.deepEqual(await storage().accounts.findById(anna.id), anna);
    });

    it('refuses a second account with a taken email and keeps the first', async () => {
      const first = anAccount({ email: 'taken@example.se' });
      await storage().accounts.insert(first);
      assert.equal(await storage().accounts.insert(anAccount({ email: 'taken@example.se' })), 'email_taken');
      assert.equal((await storage().accounts.findByEmail('taken@example.se'))?.id, first.id);
    });

    it('lists accounts newest first, up to the limit', async () => {
      const older = await inserted(storage(), anAccount({ createdAt: T0 }));
      const newer = await inserted(storage(), anAccount({ createdAt: T0 + 1000 }));
      assert.deepEqual(await storage().accounts.list(10), [newer, older]);
      assert.deepEqual(await storage().accounts.list(1), [newer]);
    });

    it('finds nothing for an unknown email or id', async () => {
      await storage().accounts.insert(anAccount());
      assert.equal(await storage().accounts.findByEmail('nobody@example.se'), undefined);
      assert.equal(await storage().accounts.findById(randomUUID()), undefined);
    });

    it('marks an address proven once, keeping the first time', async () => {
      const anna = await inserted(storage(), anAccount({ emailVerifiedAt: null }));
      assert.equal(await storage().accounts.markEmailVerified(anna.id, T0 + 1000), true);
      assert.equal(await storage().accounts.markEmailVerified(anna.id, T0 + 2000), false);
      assert.equal((await storage().accounts.findById(anna.id))?.emailVerifiedAt, T0 + 1000);
    });

    it('does not find a disabled account by email, but operators do; enabling finds it again', async () => {
      const anna = await inserted(storage(), anAccount());
      assert.equal(await storage().accounts.setDisabled(anna.id, T0 + 1000), true);
      assert.equal(await storage().accounts.setDisabled(anna.id, T0 + 2000), false, 'disabled once, keeping the first time');
      assert.equal(await storage().accounts.findByEmail(anna.email), undefined);
      assert.equal((await storage().accounts.findAnyByEmail(anna.email))?.disabledAt, T0 + 1000);
      assert.equal(await storage().accounts.insert(anAccount({ email: anna.email })), 'email_taken', 'the address stays taken');
      assert.equal(await storage().accounts.setDisabled(anna.id, null), true);
      assert.equal(await storage().accounts.setDisabled(anna.id, null), false);
      assert.deepEqual(await storage().accounts.findByEmail(anna.email), anna);
    });

    it('replaces the password hash', async () => {
      const anna = await inserted(storage(), anAccount());
      await storage().accounts.setPasswordHash(anna.id, '$argon2id$new');
      assert.equal((await storage().accounts.findById(anna.id))?.passwordHash, '$argon2id$new');
    });

    it('removes only accounts never proven and created before the cut-off', async () => {
      const stale = await inserted(storage(), anAccount({ emailVerifiedAt: null, createdAt: T0 }));
      const fresh = await inserted(storage(), anAccount({ emailVerifiedAt: null, createdAt: T0 + 10_000 }));
      const proven = await inserted(storage(), anAccount({ emailVerifiedAt: T0, createdAt: T0 }));
      assert.equal(await storage().accounts.deleteUnverifiedBefore(T0 + 5000), 1);
      assert.equal(await storage().accounts.findById(stale.id), undefined);
      assert.deepEqual(await storage().accounts.findById(fresh.id), fresh);
      assert.deepEqual(await storage().accounts.findById(proven.id), proven);
    });
  });
}
