import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { eventually } from '../../../test/helpers/service-process.ts';
import { openSqlite } from './open-sqlite.ts';

describe('WAL checkpoints off the event loop', () => {
  const folder = mkdtempSync(join(tmpdir(), 'engangskod-checkpoint-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('copies committed pages into the database file while the storage stays open', async () => {
    const path = join(folder, 'db.sqlite');
    const storage = await openSqlite(path);
    try {
      const before = statSync(path).size;
      await storage.transaction(async (stores) => {
        for (let i = 0; i < 2000; i++) {
          await stores.accounts.insert({ id: randomUUID(), email: `cp${i}@example.se`, passwordHash: 'x'.repeat(90), createdAt: i, emailVerifiedAt: i });
        }
      });
      // The writer never checkpointed (its automatic threshold is far away): only the worker can have.
      const grown = await eventually(async () => (statSync(path).size > before + 100_000 ? statSync(path).size : undefined), 'a checkpoint');
      assert.ok(grown > before);
      assert.ok(await storage.accounts.findByEmail('cp1999@example.se'));
    } finally {
      await storage.close();
    }
  });

  it('leaves every write in the file and no WAL behind on close, the checkpoint thread started or not', async () => {
    for (const waitMs of [0, 700]) {
      const path = join(folder, `closed-${waitMs}.sqlite`);
      const storage = await openSqlite(path);
      const email = `closed${waitMs}@example.se`;
      await storage.accounts.insert({ id: randomUUID(), email, passwordHash: 'x', createdAt: 1, emailVerifiedAt: 1 });
      // 0: closed while the thread may still be starting; 700: after it has checkpointed at least once.
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      await storage.close();
      assert.equal(existsSync(`${path}-wal`), false, `the WAL is gone after close (${waitMs} ms)`);
      const again = await openSqlite(path);
      try {
        assert.ok(await again.accounts.findByEmail(email));
      } finally {
        await again.close();
      }
    }
  });
});
