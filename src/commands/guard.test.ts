import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import { runCli } from '../../test/helpers/cli.ts';

const root = new URL('../..', import.meta.url).pathname;

describe('the pumping guard operator commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-guard-'));
  const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, SECRET_KEY: 'an operator test secret of 32 characters' };
  const cli = (...args: string[]) => runCli(args, { cwd: root, env });
  const exitCode = async (...args: string[]) => cli(...args).then(() => 0, (error: { code: number }) => error.code);
  const now = Date.now();
  const tally = { texts: 9, codeTexts: 8, conversions: 1 };

  before(async () => {
    await cli('migrate');
    const storage = await openSqlite(join(dataDir, 'engangskod.sqlite'));
    await storage.guard.suspend({ scope: 'prefix', key: '+4670222', since: now - 60_000, until: now + 3_540_000, tally });
    await storage.guard.suspend({ scope: 'region', key: 'NO', since: now - 120_000, until: now + 3_480_000, tally });
    await storage.guard.suspend({ scope: 'prefix', key: '+4670333', since: now - 7_200_000, until: now - 3_600_000, tally });
    await storage.close();
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the suspensions in force, newest first, with the hour that made them', async () => {
    const listed = JSON.parse((await cli('guard', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(listed.map((s) => [s.scope, s.key, s.texts, s.codeTexts, s.conversions]), [
      ['prefix', '+4670222', 9, 8, 1],
      ['region', 'NO', 9, 8, 1],
    ]);
    assert.match((await cli('guard', 'list')).stdout, /^\+4670222 {2}prefix {2}until \S+ {2}\(in the hour before \S+: 9 texts, 8 with a code, 1 used\)\n/);
  });

  it('lifts a prefix or a region, exiting 1 when it is not suspended and 2 for words it does not take', async () => {
    assert.match((await cli('guard', 'lift', '+4670222')).stdout, /lifted: texts to prefix \+4670222 go again/);
    assert.match((await cli('guard', 'lift', 'no')).stdout, /lifted: texts to region NO/);
    assert.equal((await cli('guard', 'list')).stdout, 'nothing is suspended\n');
    assert.equal(await exitCode('guard', 'lift', '+4670222'), 1);
    assert.equal(await exitCode('guard', 'lift', '+4670333'), 1, 'its hour is long over');
    assert.equal(await exitCode('guard', 'lift', 'Sweden'), 2);
    assert.equal(await exitCode('guard', 'lift'), 2);
    assert.equal(await exitCode('guard', 'list', '--frobnicate'), 2);
    assert.equal(await exitCode('guard'), 2);
  });
});
