import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { provenAccount } from '../../test/helpers/accounts.ts';
import { freePort } from '../../test/helpers/browser.ts';
import { httpBrowser, type Loaded } from '../../test/helpers/http-browser.ts';
import { authorizationRequest } from '../../test/helpers/oidc-clients.ts';
import { startTestApp, type TestApp } from '../../test/helpers/test-app.ts';
import type { Clock } from '../lib/clock.ts';
import { runCli } from '../../test/helpers/cli.ts';

const root = new URL('../..', import.meta.url).pathname;

const KEY_A = 'the first secret key of at least 32 bytes';
const KEY_B = 'the second secret key of at least 32 bytes';
const CALLBACK = 'http://localhost:4999/callback';
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'rotation@example.se';

/** The provider keeps real time, as a website reads its tokens. */
const clock: Clock = { now: () => Date.now() };

/**
 * SECRET_KEY rotated end to end, on one database and one address, as an operator would do it:
 * the service running under key A seals its signing key and a website's registration; under
 * B with A as the previous key it still signs people in (a form rendered under A included);
 * `engangskod secrets rotate` re-seals; under B alone it starts and a website signs in
 * through OpenID Connect with the same signing key as before.
 */
describe('engangskod secrets: rotating SECRET_KEY', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'engangskod-rotation-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const cli = (env: Record<string, string>, ...args: string[]) =>
    runCli(args, { cwd: root, env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, ...env } });
  const failure = (env: Record<string, string>, ...args: string[]) =>
    cli(env, ...args).then(
      () => assert.fail('expected the command to fail'),
      (error: { code: number; stderr: string }) => error,
    );
  const underA = { SECRET_KEY: KEY_A };
  const underB = { SECRET_KEY: KEY_B };
  const underBwithA = { SECRET_KEY: KEY_B, SECRET_KEYS_PREVIOUS: KEY_A };

  let port = 0;
  /** The service on the shared database, always at the same address (cookies and forms are bound to it). */
  async function serve(env: Record<string, string>): Promise<TestApp & { base: string }> {
    port ||= await freePort();
    const base = `http://localhost:${port}`;
    const t = await startTestApp({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base, ...env }, { clock });
    await t.app.server.listen({ port, host: '127.0.0.1' });
    return { ...t, base };
  }

  /** A website's whole sign-in: authorization request, our sign-in page, the code exchanged for tokens. */
  async function websiteSignIn(base: string, client: { client_id: string; client_secret: string }) {
    const site = await oidc.discovery(new URL(base), client.client_id, undefined, oidc.ClientSecretBasic(client.client_secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const { url, checks } = await authorizationRequest(site, CALLBACK);
    const browser = httpBrowser();
    const page = await browser.go(url.href, CALLBACK);
    const callback = await browser.submit(page, '/sign-in', { email: EMAIL, password: PASSWORD }, CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(site, new URL(callback.url), checks);
    const idToken = tokens.id_token ?? assert.fail('no ID token');
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(`${base}/oidc/jwks`)), { issuer: base, audience: client.client_id });
    return { sub: payload.sub, kid: decodeProtectedHeader(idToken).kid };
  }

  it('keeps every sealed value and signed form working across a rotation, and needs the old key only until `secrets rotate`', async () => {
    await cli(underA, 'migrate');
    const client = JSON.parse((await cli(underA, 'clients', 'add', '--name', 'Bokningen', '--redirect-uri', CALLBACK, '--first-party')).stdout) as {
      client_id: string;
      client_secret: string;
    };

    const a = await serve(underA);
    let accountId: string;
    let firstKid: string | undefined;
    const pending = httpBrowser();
    let formUnderA: Loaded;
    try {
      const account = await provenAccount(a, EMAIL, PASSWORD);
      assert.ok(account.ok);
      accountId = account.value.id;
      // The first website sign-in makes the signing key, sealed under A.
      ({ kid: firstKid } = await websiteSignIn(a.base, client));
      formUnderA = await pending.go(`${a.base}/sign-in`);
    } finally {
      await a.close();
    }

    // B alone opens nothing A sealed: the service refuses to start rather than sign with a new key.
    await assert.rejects(serve(underB), /SECRET_KEYS_PREVIOUS/);
    const stuck = await failure(underB, 'secrets', 'status');
    assert.equal(stuck.code, 1);
    assert.match(stuck.stderr, /2 stored value\(s\) open under none of the configured keys/);

    const before = JSON.parse((await cli(underBwithA, 'secrets', 'status', '--json')).stdout) as Record<string, { current: number; previous: number; unreadable: number }>;
    assert.deepEqual(before.signingKeys, { current: 0, previous: 1, unreadable: 0 });
    assert.deepEqual(before.clients, { current: 0, previous: 1, unreadable: 0 });

    const b = await serve(underBwithA);
    try {
      // A sign-in form rendered under A (its CSRF token an HMAC under A) is still accepted.
      const signedIn = await pending.submit(formUnderA, '/sign-in', { email: EMAIL, password: PASSWORD });
      assert.match(signedIn.url, /\/account$/, `expected the overview, got ${signedIn.url} (${signedIn.status})`);
      assert.equal((await websiteSignIn(b.base, client)).kid, firstKid);
    } finally {
      await b.close();
    }

    const rotated = JSON.parse((await cli(underBwithA, 'secrets', 'rotate', '--json')).stdout) as Record<string, { previous: number }>;
    assert.equal(rotated.signingKeys?.previous, 1, 're-sealed');
    assert.equal(rotated.clients?.previous, 1, 're-sealed');
    const afterwards = JSON.parse((await cli(underB, 'secrets', 'status', '--json')).stdout) as Record<string, unknown>;
    assert.deepEqual(afterwards.signingKeys, { current: 1, previous: 0, unreadable: 0 });
    assert.deepEqual(afterwards.clients, { current: 1, previous: 0, unreadable: 0 });

    const c = await serve(underB);
    try {
      const signIn = await websiteSignIn(c.base, client);
      assert.equal(signIn.sub, accountId);
      assert.equal(signIn.kid, firstKid, 'the same signing key, sealed under B now');
    } finally {
      await c.close();
    }
  });

  it('refuses unknown subcommands and flags with the usage', async () => {
    for (const args of [['secrets'], ['secrets', 'frobnicate'], ['secrets', 'rotate', '--force'], ['secrets', 'status', 'extra']]) {
      const error = await failure(underA, ...args);
      assert.equal(error.code, 2, args.join(' '));
      assert.match(error.stderr, /usage: engangskod secrets/);
    }
  });
});
