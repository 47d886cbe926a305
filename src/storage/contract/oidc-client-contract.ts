import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { aClient, T0 } from './store-fixtures.ts';

/**
 * What the store of OpenID Connect clients owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function oidcClientContract(storage: () => Storage): void {
  describe('OpenID Connect clients', () => {
    it('finds an inserted client by id, and nothing for an unknown id', async () => {
      const client = aClient();
      await storage().clients.insert(client);
      assert.deepEqual(await storage().clients.find(client.clientId), client);
      assert.equal(await storage().clients.find('unknown-client'), undefined);
    });

    it('lists clients in the order they were registered', async () => {
      const later = aClient({ createdAt: T0 + 2000 });
      const earlier = aClient({ createdAt: T0 + 1000 });
      assert.deepEqual(await storage().clients.list(), []);
      await storage().clients.insert(later);
      await storage().clients.insert(earlier);
      assert.deepEqual(await storage().clients.list(), [earlier, later]);
    });

    it('removes a client once, saying whether it removed one', async () => {
      const gone = aClient();
      const kept = aClient();
      await storage().clients.insert(gone);
      await storage().clients.insert(kept);
      assert.equal(await storage().clients.remove(gone.clientId), true);
      assert.equal(await storage().clients.find(gone.clientId), undefined);
      assert.equal(await storage().clients.remove(gone.clientId), false);
      assert.equal(await storage().clients.remove('unknown-client'), false);
      assert.deepEqual(await storage().clients.list(), [kept]);
    });
  });
}
