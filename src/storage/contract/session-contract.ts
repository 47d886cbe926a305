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
    it('keeps the browser and client address a session was created from', async () => {
      const anna = await inserted(storage(), anAccount());
      const session = aSession(anna.id, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', clientIp: '2001:db8::7' });
      await storage().sessions.insert(session);
      assert.deepEqual(await storage().sessions.findByTokenHash(session.tokenHash), session);
    });

    it('lists the open sessions of one account, last used first, without ended or expired ones', async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const older = aSession(anna.id, { lastSeenAt: T0 + 1000 });
      const newer = aSession(anna.id, { lastSeenAt: T0 + 2000 });
      const ended = aSession(anna.id);
      const expired = aSession(anna.id, { expiresAt: T0 + 5000 });
      for (const session of [older, newer, ended, expired, aSession(bo.id)]) await storage().sessions.insert(session);
      await storage().sessions.revoke(ended.id, T0 + 100);
      assert.deepEqual(await storage().sessions.listOpen(anna.id, T0 + 5000), [newer, older]);
    });

    it('ends every other session of an account, keeping the one named', async () => {
      const anna = await inserted(storage(), anAccount());
      const kept = aSession(anna.id);
      const others = [aSession(anna.id), aSession(anna.id)];
      for (const session of [kept, ...others]) await storage().sessions.insert(session);
      assert.equal(await storage().sessions.revokeForAccount(anna.id, T0 + 1000, kept.id), 2);
      assert.deepEqual(await storage().sessions.listOpen(anna.id, T0 + 1000), [kept]);
    });

    it("ends one session only when it is the account's and still open", async () => {
      const anna = await inserted(storage(), anAccount());
      const bo = await inserted(storage(), anAccount());
      const annas = aSession(anna.id);
      const bos = aSession(bo.id);
      await storage().sessions.insert(annas);
      await storage().sessions.insert(bos);
      assert.equal(await storage().sessions.revokeOfAccount(anna.id, bos.id, T0 + 1000), false);
      assert.equal((await storage().sessions.findByTokenHash(bos.tokenHash))?.revokedAt, null);
      assert.equal(await storage().sessions.revokeOfAccount(anna.id, annas.id, T0 + 1000), true);
      assert.equal(await storage().sessions.revokeOfAccount(anna.id, annas.id, T0 + 2000), false);
      assert.equal((await storage().sessions.findByTokenHash(annas.tokenHash))?.revokedAt, T0 + 1000);
    });
  });
}
