import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import { runCli } from '../../test/helpers/cli.ts';

const root = new URL('../..', import.meta.url).pathname;
const secret = 'a backup test secret of 32 characters';
const cli = (dataDir: string, ...args: string[]) =>
  runCli(args, { cwd: root, env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, SECRET_KEY: secret } });

describe('engangskod backup', { timeout: 120_000 }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'engangskod-backup-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('copies a database while it is written to, and the copy restores: consistent, with every account it saw', async () => {
    const live = join(folder, 'live');
    const storage = await openSqlite(join(live, 'engangskod.sqlite'));
    let written = 0;
    let writing = true;
    const load = (async () => {
      while (writing) {
        await storage.accounts.insert({ id: randomUUID(), email: `person${written}@example.se`, passwordHash: 'x', createdAt: Date.now(), emailVerifiedAt: Date.now() });
        written += 1;
        // Inserts settle without I/O; yield so the backup's child process is heard.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      const copy = join(folder, 'copy.sqlite');
      while (written < 200) await new Promise((resolve) => setImmediate(resolve));
      const { stdout } = await cli(live, 'backup', copy);
      assert.match(stdout, /backed up .* to .*copy\.sqlite/);
      writing = false;
      await load;
      assert.ok(!existsSync(`${copy}.partial`));

      const check = new SQLite(copy, { readonly: true });
      assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
      const saved = (check.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
      check.close();
      assert.ok(saved >= 200 && saved <= written, `${saved} accounts in the copy, ${written} written`);

      // Restore: the copy put in a stopped service's place is the database the commands see.
      const restored = join(folder, 'restored');
      mkdirSync(restored);
      copyFileSync(copy, join(restored, 'engangskod.sqlite'));
      const users = JSON.parse((await cli(restored, 'users', 'list', '--limit', '100000', '--json')).stdout) as unknown[];
      assert.equal(users.length, saved);
      await assert.rejects(cli(live, 'backup', copy), (error: { code: number; stderr: string }) => error.code === 1 && /exists already/.test(error.stderr));
    } finally {
      writing = false;
      await load;
      await storage.close();
    }
  });
});
