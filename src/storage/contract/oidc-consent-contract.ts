import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { aConsent, anAccount, inserted, T0 } from './store-fixtures.ts';

/**
 * What the store of OpenID Connect consents owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function oidcConsentContract(storage: () => Storage): void {
  describe('OpenID Connect consents', () => {
    it('saves a consent per account and website, and finds it with its scopes and claims', async () => {
      const anna = await inserted(storage(), anAccount());
      const consent = aConsent(anna.id, { claims: ['email_verified'] });
      await storage().consents.save(consent);
      assert.deepEqual(await storage().consents.find(anna.id, consent.clientId), consent);
      assert.equal(await storage().consents.find(anna.id, 'another-site'), undefined);
      assert.equal(await storage().consents.find(randomUUID(), consent.clientId), undefined);
    });

    it('replaces the consent for the same website when saved again', async () => {
      const anna = await inserted(storage(), anAccount());
      await storage().consents.save(aConsent(anna.id, { clientId: 'shop', scopes: ['openid'] }));
      const wider = aConsent(anna.id, { clientId: 'shop', scopes: ['openid', 'email', 'phone'], givenAt: T0 + 5000, expiresAt: T0 + 9000 });
      await storage().consents.save(wider);
      assert.deepEqual(await storage().consents.listByAccount(anna.id), [wider]);
    });

    it("lists an account's consents oldest first, and no one else's", async () => {
      const anna = await inserted(storage(), anAccount());
      const bertil = await inserted(storage(), anAccount());
      const later = aConsent(anna.id, { clientId: 'later', givenAt: T0 + 2000 });
      const earlier = aConsent(anna.id, { clientId: 'earlier', givenAt: T0 + 1000 });
      await storage().consents.save(later);
      await storage().consents.save(earlier);
      await storage().consents.save(aConsent(bertil.id, { clientId: 'later' }));
      assert.deepEqual(await storage().consents.listByAccount(anna.id), [earlier, later]);
    });

    it('removes one consent saying whether there was one, or all of an account saying how many', async () => {
      const anna = await inserted(storage(), anAccount());
      const bertil = await inserted(storage(), anAccount());
      for (const clientId of ['shop', 'library', 'bank']) await storage().consents.save(aConsent(anna.id, { clientId }));
      const kept = aConsent(bertil.id, { clientId: 'shop' });
      await storage().consents.save(kept);

      assert.equal(await storage().consents.remove(anna.id, 'shop'), true);
      assert.equal(await storage().consents.remove(anna.id, 'shop'), false);
      assert.equal(await storage().consents.find(anna.id, 'shop'), undefined);
      assert.equal(await storage().consents.removeByAccount(anna.id), 2);
      assert.deepEqual(await storage().consents.listByAccount(anna.id), []);
      assert.deepEqual(await storage().consents.listByAccount(bertil.id), [kept]);
    });

    it('prunes only consents that expired before the given time', async () => {
      const anna = await inserted(storage(), anAccount());
      const old = aConsent(anna.id, { clientId: 'old', expiresAt: T0 + 1000 });
      const boundary = aConsent(anna.id, { clientId: 'boundary', expiresAt: T0 + 2000 });
      for (const row of [old, boundary]) await storage().consents.save(row);
      assert.equal(await storage().consents.prune(T0 + 2000), 1);
      assert.deepEqual(await storage().consents.listByAccount(anna.id), [boundary]);
    });
  });
}
