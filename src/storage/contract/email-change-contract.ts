import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';

/**
 * What the email-change store owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function emailChangeContract(storage: () => Storage): void {
  describe('email changes: pending, made, undone', () => {
    const account = async (id: string, email = `${id}@example.se`) => storage().accounts.insert({ id, email, passwordHash: 'x', createdAt: 1, emailVerifiedAt: 1 });
    const pending = (id: string, accountId: string, requestedAt: number) => ({ id, accountId, oldEmail: `${accountId}@example.se`, newEmail: `${id}@example.se`, requestedAt });

    it('finds the newest pending change, and none once ended or too old', async () => {
      await account('e1');
      const changes = storage().emailChanges;
      await changes.insertPending(pending('p1', 'e1', 1_000));
      await changes.insertPending(pending('p2', 'e1', 2_000));
      assert.equal((await changes.findPending('e1', 0))?.id, 'p2');
      assert.equal(await changes.findPending('e1', 2_001), undefined, 'too old');
      await changes.endPending('e1', 3_000);
      assert.equal(await changes.findPending('e1', 0), undefined);
      assert.equal(await changes.markChanged('p2', 3_000, 'h', 10_000), false, 'an ended change cannot be made');
    });

    it('reserves the old address until the undo ends, and lets exactly one of simultaneous undos claim it', async () => {
      await account('e2');
      const changes = storage().emailChanges;
      await changes.insertPending(pending('p3', 'e2', 1_000));
      assert.equal(await changes.markChanged('p3', 2_000, 'undo-hmac', 9_000), true);
      assert.equal(await changes.reservedBy('e2@example.se', 8_999), 'e2');
      assert.equal(await changes.reservedBy('e2@example.se', 9_000), undefined, 'not after the window');
      assert.equal((await changes.findUndoable('undo-hmac', 5_000))?.changedAt, 2_000);
      assert.equal(await changes.findUndoable('other', 5_000), undefined);
      const claims = await Promise.all(Array.from({ length: 10 }, () => changes.claimUndo('undo-hmac', 5_000)));
      assert.equal(claims.filter((claim) => claim !== undefined).length, 1);
      assert.equal(await changes.reservedBy('e2@example.se', 5_000), undefined, 'an undone change keeps nothing');
    });

    it('voids later changes only, and prunes what can no longer be made or undone', async () => {
      await account('e3');
      const changes = storage().emailChanges;
      await changes.insertPending(pending('p4', 'e3', 1_000));
      await changes.markChanged('p4', 1_000, 'first', 100_000);
      await changes.insertPending(pending('p5', 'e3', 2_000));
      await changes.markChanged('p5', 2_000, 'second', 100_000);
      await changes.endChangesAfter('e3', 1_000, 3_000);
      assert.ok(await changes.findUndoable('first', 4_000));
      assert.equal(await changes.findUndoable('second', 4_000), undefined);
      await changes.insertPending(pending('p6', 'e3', 5_000));
      assert.equal(await changes.prune(4_000), 1, 'the voided one');
      assert.equal(await changes.prune(100_001), 2, 'the expired undo and the old pending one');
    });
  });
}
