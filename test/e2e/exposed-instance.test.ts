import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, repoRoot, sourceService } from '../helpers/service-process.ts';

/**
 * An instance reachable from elsewhere is production without anyone saying so: it refuses to
 * start on development conveniences (the dev inbox that shows every code, a generated key, an
 * open /metrics), naming each. On loopback it starts and says which address to open.
 */
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'engangskod-exposed-'));
  dirs.push(dir);
  return dir;
};
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs the service until it exits or `until` sees what it waits for in its output. */
function run(env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { NODE_ENV: _test, ENGANGSKOD_TEST_DATABASE: _db, ...inherited } = process.env;
  const child = spawn(sourceService[0]!, sourceService.slice(1), { cwd: repoRoot, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('an instance reachable from elsewhere', { timeout: 180_000 }, () => {
  it('refuses to start with a public PUBLIC_URL and development defaults, naming each setting, and writes no key', async () => {
    const dir = dataDir();
    const { code, stderr } = await run({ PUBLIC_URL: 'https://login.example.se', DATA_DIR: dir, PORT: String(await freePort()) });
    assert.equal(code, 1);
    for (const setting of ['SMS_TRANSPORT', 'SMTP_URL', 'SECRET_KEY', 'METRICS_TOKEN']) assert.match(stderr, new RegExp(`\\n  ${setting}: `), stderr);
    assert.equal(stderr.match(/SECRET_KEY/g)?.length, 1, 'one message for the key');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses to start when it listens beyond loopback, even with the default PUBLIC_URL', async () => {
    const { code, stderr } = await run({ HOST: '0.0.0.0', DATA_DIR: dataDir(), PORT: String(await freePort()) });
    assert.equal(code, 1);
    assert.match(stderr, /SMS_TRANSPORT: required in production/);
    assert.match(stderr, /PUBLIC_URL: must be https in production/);
  });

  it('on loopback, starts in development and names PUBLIC_URL as the address to open', async () => {
    const port = String(await freePort());
    const { stdout } = await run({ PORT: port, DATA_DIR: dataDir(), LOG_LEVEL: 'info' }, /Engångskod is running/);
    assert.match(stdout, new RegExp(`"msg":"Engångskod is running: open http://localhost:${port}/"`));
    assert.doesNotMatch(stdout, /Server listening at/);
  });
});
