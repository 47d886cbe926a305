import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { freePort, repoRoot, sourceService, startService, type ServiceProcess } from '../helpers/service-process.ts';

/**
 * README's curl walk-through, run as pasted (by `sh`, against a fresh development service): it
 * must take every code and id from the answers itself, with no placeholder left to fill in.
 */
describe("README's curl walk-through", { timeout: 180_000 }, () => {
  let dataDir: string;
  let base: string;
  let running: ServiceProcess | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'engangskod-readme-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = await startService(sourceService, { PORT: String(port), DATA_DIR: dataDir });
  });
  after(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs up, proves the address, adds and confirms a number and signs in with a one-time code', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /Try the whole journey with curl[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'the walk-through is in README.md');
    assert.doesNotMatch(block, /<[a-z]+>/, 'no placeholder to fill in');
    const script = block.replaceAll('http://localhost:3000', base);
    const { stdout } = await promisify(execFile)('sh', ['-c', script], { timeout: 120_000 });
    const answers = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(answers.length, 5, stdout);
    const [signedUp, verified, phone, requested, signedIn] = answers;
    assert.equal(signedUp?.status, 'verification_sent');
    assert.equal(typeof verified?.token, 'string');
    assert.equal(phone?.verified, true);
    assert.ok(requested);
    assert.equal(typeof signedIn?.token, 'string', 'signed in with the code from the text');
  });
});
