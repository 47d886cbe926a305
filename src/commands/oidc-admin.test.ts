import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../test/helpers/cli.ts';

const root = new URL('../..', import.meta.url).pathname;

describe('the OpenID Connect operator commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-oidc-admin-'));
  const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, SECRET_KEY: 'an operator test secret of 32 characters' };
  const cli = (...args: string[]) => runCli(args, { cwd: root, env });
  const exitCode = async (...args: string[]) => cli(...args).then(() => 0, (error: { code: number }) => error.code);
  // The commands work on the service's database and refuse to create one.
  before(() => cli('migrate'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds a website, shows its secret once, lists it without the secret and removes it', async () => {
    const added = JSON.parse((await cli('clients', 'add', '--name', 'Bibliotekets webb', '--redirect-uri', 'https://bibliotek.example/cb', '--redirect-uri=http://localhost:4000/cb', '--first-party')).stdout) as {
      client_id: string;
      client_secret: string;
    };
    assert.match(added.client_id, /^[A-Za-z0-9_-]{16}$/);
    assert.ok(added.client_secret.length >= 32);

    const listed = await cli('clients', 'list', '--json');
    assert.doesNotMatch(listed.stdout, new RegExp(added.client_secret));
    const [client] = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(client?.redirect_uris, ['https://bibliotek.example/cb', 'http://localhost:4000/cb']);
    assert.equal(client?.first_party, true);
    assert.equal(client?.public, false);
    assert.equal(client?.source, 'database');

    assert.match((await cli('clients', 'remove', added.client_id)).stdout, /removed/);
    assert.equal(await exitCode('clients', 'remove', added.client_id), 1);
  });

  it('adds a public client (no secret), and refuses a redirect to plain http elsewhere than this machine', async () => {
    const added = JSON.parse((await cli('clients', 'add', '--name', 'App', '--redirect-uri', 'https://app.example/cb', '--public')).stdout) as Record<string, unknown>;
    assert.equal(added.client_secret, undefined);
    assert.equal(await exitCode('clients', 'add', '--name', 'Bad', '--redirect-uri', 'http://evil.example/cb'), 2);
    assert.equal(await exitCode('clients', 'add', '--name', 'No redirect'), 2);
    assert.equal(await exitCode('clients', 'frobnicate'), 2);
  });

  it('rotates the signing keys: the new key signs, the previous stays published, older ones go', async () => {
    await cli('keys', 'rotate');
    await cli('keys', 'rotate');
    await cli('keys', 'rotate');
    const keys = JSON.parse((await cli('keys', 'list', '--json')).stdout) as Array<{ generation: number; signing: boolean }>;
    assert.deepEqual(keys.map((k) => [k.generation, k.signing]), [[3, true], [2, false]]);
  });
});
