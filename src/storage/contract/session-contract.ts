import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { anAccount, aSession, inserted, T0 } from './store-fixtures.ts';

/**
 * What the sessions store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function sessionContract(storage: () => Storage): void {
  describe('sessions', () => {
    it('finds an inserted session by its token hash', async () => {
      const anna = await inserted(storage(), anAccount());
      const session = aSession(anna.id);
      await storage().sessions.insert(session);
      assert.deepEqual(await storage().sessions.findByTokenHash(session.tokenHash), session);
      assert.equal(await storage().sessions.findByTokenHash('unknown-hash'), undefined);
    });

    it('moves last-seen forward when touched, never backward', async () => {
      const anna = await inserted(storage(), anAccount());
      const session = aSession(anna.id);
      await storage().sessions.insert(session);
      await storage().sessions.touch(session.id, T0 + 60_000);
      assert.equal((await storage().sessions.findByTokenHash(session.tokenHash))?.lastSeenAt, T0 + 60_000);
      await storage().sessions.touch(session.id, T0 + 30_000);
      const touched = await storage().sessions.findByTokenHash(session.tokenHash);
      assert.deepEqual(touched, { ...session, lastSeenAt: T0 + 60_000 });
    });

    it('revokes a session once, keeping the first revocation time', async () => {
      const anna = await inserted(storage(), anAccount());
      const session = aSession(anna.id);
      const other = aSession(anna.id);
      await storage().sessions.insert(session);
      await storage().sessions.insert(other);
      await storage().sessions.revoke(session.id, T0 + 1000);
      await storage().sessions.revoke(session.id, T0 + 2000);
      assert.equal((await storage().sessions.findByTokenHash(session.tokenHash))?.revokedAt, T0 + 1000);
      assert.equal((await storage().sessions.findByTokenHash(other.tokenHash))?.revokedAt, null);
    });

    it("ends every open session of one account and no one else's", async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const ended = aSession(anna.id);
      await storage().sessions.insert(ended);
      await storage().sessions.revoke(ended.id, T0 + 500);
      const open = [aSession(anna.id), aSession(anna.id)];
      for (const session of open) await storage().sessions.insert(session);
      const bos = aSession(bo.id);
      await storage().sessions.insert(bos);
      assert.equal(await storage().sessions.revokeForAccount(anna.id, T0 + 1000), 2);
      for (const session of open) assert.equal((await storage().sessions.findByTokenHash(session.tokenHash))?.revokedAt, T0 + 1000);
      assert.equal((await storage().sessions.findByTokenHash(ended.tokenHash))?.revokedAt, T0 + 500);
      assert.equal((await storage().sessions.findByTokenHash(bos.tokenHash))?.revokedAt, null);
    });
  });
}
