import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../lib/clock.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { KEY_CHECK_MS, oidcAdmin, startOidc } from './oidc.ts';
import type { ProviderPages } from './provider.ts';

const page = { html: '', headers: {} };
const pages: ProviderPages = { logout: () => page, loggedOut: () => page, error: () => page, headers: () => ({}) };

describe('starting OpenID Connect', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await openSqlite(':memory:');
  });
  afterEach(() => storage.close());

  const secretKey = Buffer.from('test-secret-key-that-is-at-least-32-characters');
  const start = (clock = new ManualClock()) =>
    startOidc({
      stores: storage,
      issuer: 'https://id.example.se',
      secrets: { secretKey, previousSecretKeys: [] },
      clock,
      configuredClients: [],
      signIns: { current: async () => undefined, end: async () => {} },
      pages,
      sessionSeconds: 3600,
    });

  it('makes the signing key and the provider once, on first use, for every caller', async () => {
    const oidc = await start();
    assert.equal((await storage.signingKeys.list()).length, 0, 'no key is made before a website asks');
    const [first, second] = await Promise.all([oidc.provider(), oidc.provider()]);
    assert.equal((await storage.signingKeys.list()).length, 1);
    assert.equal(first, second);
    assert.equal(await oidc.provider(), first);
    assert.equal(first.issuer, 'https://id.example.se');
  });

  it('makes a new provider with the new keys once another process rotated them, within KEY_CHECK_MS, and none while nothing changed', async () => {
    const clock = new ManualClock();
    const oidc = await start(clock);
    const first = await oidc.provider();
    // `engangskod keys rotate` runs in a process of its own, on the same database.
    const { added } = await oidcAdmin(storage, { secretKey, previousSecretKeys: [] }, clock, []).keys.rotate();
    clock.advanceSeconds(KEY_CHECK_MS / 1000 - 1);
    assert.equal(await oidc.provider(), first, 'not looked for before KEY_CHECK_MS');
    clock.advanceSeconds(1);
    const second = await oidc.provider();
    assert.notEqual(second, first);
    assert.equal((await oidc.keys.list())[0]?.kid, added.kid);
    clock.advanceSeconds(KEY_CHECK_MS / 1000);
    assert.equal(await oidc.provider(), second, 'no new provider while the keys stay the same');
  });
});
