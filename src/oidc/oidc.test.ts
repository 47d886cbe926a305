import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../lib/clock.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { startOidc } from './oidc.ts';
import type { ProviderPages } from './provider.ts';

const page = { html: '', headers: {} };
const pages: ProviderPages = { logout: () => page, loggedOut: () => page, error: () => page };

describe('starting OpenID Connect', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await openSqlite(':memory:');
  });
  afterEach(() => storage.close());

  const start = () =>
    startOidc({
      stores: storage,
      issuer: 'https://id.example.se',
      secretKey: Buffer.from('test-secret-key-that-is-at-least-32-characters'),
      clock: new ManualClock(),
      configuredClients: [],
      signIns: { current: async () => undefined, end: async () => {} },
      pages,
      behindProxy: false,
      sessionSeconds: 3600,
    });

  it('makes the signing key at start and the provider once, on first use, for every caller', async () => {
    const oidc = await start();
    assert.equal((await storage.signingKeys.list()).length, 1, 'the key exists before any website asks');
    const [first, second] = await Promise.all([oidc.provider(), oidc.provider()]);
    assert.equal(first, second);
    assert.equal(await oidc.provider(), first);
    assert.equal(first.issuer, 'https://id.example.se');
  });
});
