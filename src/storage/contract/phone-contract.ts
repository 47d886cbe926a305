import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { anAccount, aPhone, inserted, T0 } from './store-fixtures.ts';

/**
 * What the phones store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function phoneContract(storage: () => Storage): void {
  describe('phones', () => {
    it('lists an account’s numbers in the order they were added, and no one else’s', async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const later = aPhone(anna.id, { e164: '+46702222222', createdAt: T0 + 2000 });
      const earlier = aPhone(anna.id, { e164: '+46701111111', createdAt: T0 + 1000 });
      assert.equal(await storage().phones.insert(later), 'created');
      assert.equal(await storage().phones.insert(earlier), 'created');
      await storage().phones.insert(aPhone(bo.id, { e164: '+46703333333' }));
      assert.deepEqual(await storage().phones.listByAccount(anna.id), [earlier, later]);
      assert.deepEqual(await storage().phones.listByAccount(randomUUID()), []);
    });

    it('refuses the same number twice on one account but allows it on another', async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      await storage().phones.insert(aPhone(anna.id, { e164: '+46701234567' }));
      assert.equal(await storage().phones.insert(aPhone(anna.id, { e164: '+46701234567' })), 'duplicate');
      assert.equal(await storage().phones.insert(aPhone(bo.id, { e164: '+46701234567' })), 'created');
      assert.equal((await storage().phones.listByAccount(anna.id)).length, 1);
    });

    it('finds a number only through the account that owns it', async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const phone = aPhone(anna.id);
      await storage().phones.insert(phone);
      assert.deepEqual(await storage().phones.find(anna.id, phone.id), phone);
      assert.equal(await storage().phones.find(bo.id, phone.id), undefined);
      assert.equal(await storage().phones.find(anna.id, randomUUID()), undefined);
    });

    it('finds a number as verified only once it has been marked verified', async () => {
      const anna = await inserted(storage(), anAccount());
      const phone = aPhone(anna.id, { e164: '+46705555555' });
      await storage().phones.insert(phone);
      assert.equal(await storage().phones.findVerified(anna.id, phone.e164), undefined);
      await storage().phones.markVerified(phone.id, T0 + 5000);
      assert.deepEqual(await storage().phones.findVerified(anna.id, phone.e164), { ...phone, verifiedAt: T0 + 5000 });
      assert.equal((await storage().phones.find(anna.id, phone.id))?.verifiedAt, T0 + 5000);
    });

    it('does not find another account’s verified number', async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const phone = aPhone(anna.id, { verifiedAt: T0 });
      await storage().phones.insert(phone);
      assert.equal((await storage().phones.findVerified(anna.id, phone.e164))?.id, phone.id);
      assert.equal(await storage().phones.findVerified(bo.id, phone.e164), undefined);
    });

    it('removes a number only for the account that owns it, and only once', async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const phone = aPhone(anna.id);
      await storage().phones.insert(phone);
      assert.equal(await storage().phones.remove(bo.id, phone.id), false);
      assert.deepEqual(await storage().phones.find(anna.id, phone.id), phone);
      assert.equal(await storage().phones.remove(anna.id, phone.id), true);
      assert.equal(await storage().phones.find(anna.id, phone.id), undefined);
      assert.equal(await storage().phones.remove(anna.id, phone.id), false);
    });
  });
}
