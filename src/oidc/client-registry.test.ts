import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../lib/clock.ts';
import { Sealer } from '../lib/sealed.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { ClientRegistry } from './client-registry.ts';
import { aWebsite, configuredClient as configured, oidcTestSecret as secretKey } from '../../test/helpers/oidc-clients.ts';


describe('client registry', () => {
  let storage: Storage;
  let registry: ClientRegistry;
  const clock = new ManualClock();
  const registryWith = (key: Buffer) =>
    new ClientRegistry({ store: storage.clients, sealer: new Sealer(key, 'oidc-client'), clock, configured: [configured] });

  beforeEach(async () => {
    storage = await openSqlite(':memory:');
    registry = registryWith(secretKey);
  });
  afterEach(() => storage.close());

  it('registers a website with a random id and a fresh secret', async () => {
    const first = await registry.add(aWebsite());
    const second = await registry.add(aWebsite());
    assert.match(first.client_id, /^[A-Za-z0-9_-]{16}$/);
    assert.notEqual(first.client_id, second.client_id);
    assert.ok(first.client_secret && first.client_secret.length >= 32);
    assert.notEqual(first.client_secret, second.client_secret);
    assert.equal(first.client_name, 'Bokningen');
    assert.deepEqual(first.redirect_uris, ['https://bokning.example.se/callback']);
  });

  it('stores the registration sealed, so the row does not show the secret', async () => {
    const client = await registry.add(aWebsite());
    const row = await storage.clients.find(client.client_id);
    assert.ok(row && client.client_secret);
    assert.equal(row.createdAt, clock.now());
    for (const text of [row.metadata, Buffer.from(row.metadata, 'base64url').toString('latin1')]) {
      assert.equal(text.includes(client.client_secret), false);
    }
  });

  it('finds a registered website with its secret', async () => {
    const client = await registry.add(aWebsite({ refresh_tokens: true, token_endpoint_auth_method: 'client_secret_post' }));
    assert.deepEqual(await registry.find(client.client_id), client);
    assert.equal(await registry.find('unknown'), undefined);
  });

  it('registers a public client without a secret', async () => {
    const client = await registry.add(aWebsite({ public: true, redirect_uris: ['http://localhost:5173/callback'] }));
    assert.equal(client.client_secret, undefined);
    assert.equal('client_secret' in client, false);
    const found = await registry.find(client.client_id);
    assert.equal(found?.client_secret, undefined);
    assert.deepEqual(found?.redirect_uris, ['http://localhost:5173/callback']);
  });

  it('lists every client without secrets, configured ones first, marking public ones', async () => {
    const confidential = await registry.add(aWebsite({ client_name: 'Confidential' }));
    clock.advanceSeconds(1);
    const open = await registry.add(aWebsite({ client_name: 'Public', public: true }));
    const listed = await registry.list();
    assert.deepEqual(
      listed.map((c) => [c.client_id, c.source, c.public]),
      [
        ['intranet', 'config', false],
        [confidential.client_id, 'database', false],
        [open.client_id, 'database', true],
      ],
    );
    for (const client of listed) assert.equal('client_secret' in client, false, client.client_id);
    assert.doesNotMatch(JSON.stringify(listed), new RegExp(`${confidential.client_secret ?? '-'}|${configured.client_secret ?? '-'}`));
  });

  it('refuses redirect addresses that are plain http elsewhere than this machine, or carry a #fragment', async () => {
    for (const uri of ['http://bokning.example.se/callback', 'https://bokning.example.se/callback#done', 'not a url']) {
      await assert.rejects(registry.add(aWebsite({ redirect_uris: [uri] })), /https URL|Invalid URL/, uri);
    }
    await assert.rejects(registry.add(aWebsite({ post_logout_redirect_uris: ['http://bokning.example.se/'] })), /https URL/);
    assert.deepEqual(await storage.clients.list(), [], 'nothing was stored');
    for (const uri of ['http://localhost:3000/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb']) {
      assert.deepEqual((await registry.add(aWebsite({ redirect_uris: [uri] }))).redirect_uris, [uri]);
    }
  });

  it('finds configured clients, which live in configuration and not in the database', async () => {
    assert.deepEqual(await registry.find('intranet'), configured);
    assert.equal(await storage.clients.find('intranet'), undefined);
    assert.deepEqual(
      (await registry.list()).map((c) => [c.client_id, c.source, c.client_name, c.first_party]),
      [['intranet', 'config', 'Intranet', true]],
    );
  });

  it('removes a registered website once, but not a configured one', async () => {
    const client = await registry.add(aWebsite());
    assert.equal(await registry.remove(client.client_id), true);
    assert.equal(await registry.find(client.client_id), undefined);
    assert.equal(await registry.remove(client.client_id), false);
    assert.equal(await registry.remove('intranet'), false);
    assert.deepEqual(await registry.find('intranet'), configured);
  });

  it('cannot read websites registered under another SECRET_KEY, and does not list them', async () => {
    const client = await registry.add(aWebsite());
    const other = registryWith(Buffer.from('another-secret-key-of-at-least-32-chars!'));
    assert.equal(await other.find(client.client_id), undefined);
    assert.deepEqual((await other.list()).map((c) => c.client_id), ['intranet']);
  });
});
