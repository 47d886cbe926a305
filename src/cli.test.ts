import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { openSqlite } from './storage/sqlite/open-sqlite.ts';
import { startProcess, waitUntil } from '../test/helpers/processes.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { ...process.env, NODE_ENV: 'development', ...env } });

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

describe('the engangskod command', () => {
  it('lists its commands, serve and worker among them', async () => {
    const { stdout } = await cli(['help']);
    assert.match(stdout, /^Usage: engangskod \[command\]/);
    assert.match(stdout, /^ {2}serve {2}/m);
    assert.match(stdout, /^ {2}worker /m);
  });

  it('prints the version of package.json: version, --version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal((await cli(['version'])).stdout, `${version}\n`);
    assert.equal((await cli(['--version'])).stdout, `${version}\n`);
  });

  it('refuses an unknown command with the usage and exit status 2', async () => {
    await assert.rejects(cli(['frobnicate']), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /Unknown command: frobnicate/);
      return true;
    });
  });

  it('prints each command’s usage: help <command>, <command> --help', async () => {
    assert.equal((await cli(['help', 'users'])).stdout, (await cli(['users', '--help'])).stdout);
    assert.match((await cli(['serve', '--help'])).stdout, /^usage: engangskod serve \[--no-worker\]\n$/);
  });

  it('refuses an unknown option of a command with its usage and exit status 2, before doing anything', async () => {
    await assert.rejects(cli(['serve', '--no-wroker']), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /Unknown option '--no-wroker'[\s\S]*usage: engangskod serve/);
      return true;
    });
  });

  it('runs a worker that sends the texts waiting in the outbox, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-worker-'));
    folders.push(dataDir);
    const storage = await openSqlite(join(dataDir, 'engangskod.sqlite'));
    await storage.outbox.queue.enqueue({ to: '+46701234567', body: 'Hej från kön', locale: 'sv', purpose: 'notice', codeId: null }, Date.now());
    const worker = startProcess(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], {
      cwd: root,
      logFile: join(dataDir, 'worker.log'),
      env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, SMS_TRANSPORT: 'dev', LOG_LEVEL: 'warn' },
    });
    try {
      // The inbox shows a text as sending until the gateway's report marks it delivered.
      const delivered = async () => (await storage.devInbox.list({ limit: 1 })).find((text) => text.status === 'delivered');
      const text = await waitUntil('the text delivered to the dev inbox', delivered, 20_000);
      assert.deepEqual([text.to, text.body, text.status], ['+46701234567', 'Hej från kön', 'delivered']);
      // Still running, and still polling: a text queued later goes out too.
      await storage.outbox.queue.enqueue({ to: '+46701234568', body: 'Och en till', locale: 'sv', purpose: 'notice', codeId: null }, Date.now());
      const later = await waitUntil('the later text in the dev inbox', async () => (await storage.devInbox.list({ to: '+46701234568', limit: 1 }))[0], 20_000);
      assert.equal(later.body, 'Och en till');
    } finally {
      // Generous: on a loaded 2-core machine a clean shutdown can take a few seconds.
      await worker.stop(15_000);
      await storage.close();
    }
    assert.equal(await worker.exited, 0, `worker log:\n${readFileSync(join(dataDir, 'worker.log'), 'utf8')}`);
  });

  it('takes settings from the file ENV_FILE names', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'engangskod-env-file-'));
    folders.push(folder);
    writeFileSync(join(folder, 'settings.env'), `DATA_DIR=${join(folder, 'from-file')}\n`);
    const { stdout } = await cli(['migrate'], { ENV_FILE: join(folder, 'settings.env') });
    assert.match(stdout, /latest schema/);
    assert.ok(existsSync(join(folder, 'from-file', 'engangskod.sqlite')));
    await assert.rejects(cli(['migrate'], { ENV_FILE: join(folder, 'missing.env') }), (error: { code: number; stderr: string }) => error.code === 1 && /ENV_FILE: cannot read/.test(error.stderr));
  });
});
