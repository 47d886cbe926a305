import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AdapterPayload } from 'oidc-provider';
import { ManualClock } from '../lib/clock.ts';
import { Sealer } from '../lib/sealed.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { ClientRegistry } from './client-registry.ts';
import { aWebsite, configuredClient as configured, oidcTestSecret as secretKey } from '../../test/helpers/oidc-clients.ts';
import { storageAdapter } from './storage-adapter.ts';


const token = (grantId: string, jti: string): AdapterPayload => ({ jti, grantId, kind: 'AccessToken', accountId: 'anna', clientId: 'intranet' });

describe('oidc-provider storage adapter', () => {
  let storage: Storage;
  let registry: ClientRegistry;
  let adapter: ReturnType<typeof storageAdapter>;
  const clock = new ManualClock();

  beforeEach(async () => {
    storage = await openSqlite(':memory:');
    registry = new ClientRegistry({ store: storage.clients, sealer: new Sealer(secretKey, 'oidc-client'), clock, configured: [configured] });
    adapter = storageAdapter(storage.oidcPayloads, registry, () => clock.now());
  });
  afterEach(() => storage.close());

  it('returns what was upserted until it expires, and nothing from then on', async () => {
    const sessions = adapter('Session');
    const session: AdapterPayload = { jti: 'session-1', uid: 'uid-1', accountId: 'anna', kind: 'Session' };
    await sessions.upsert('session-1', session, 60);
    const device: AdapterPayload = { jti: 'device-1', userCode: 'ABCD-EFGH', kind: 'DeviceCode' };
    await adapter('DeviceCode').upsert('device-1', device, 60);
    await adapter('Grant').upsert('grant-1', { jti: 'grant-1', kind: 'Grant' });

    clock.advanceSeconds(59);
    assert.deepEqual(await sessions.find('session-1'), session);
    assert.deepEqual(await sessions.findByUid('uid-1'), session);
    assert.deepEqual(await adapter('DeviceCode').findByUserCode('ABCD-EFGH'), device);

    clock.advanceSeconds(1);
    assert.equal(await sessions.find('session-1'), undefined);
    assert.equal(await sessions.findByUid('uid-1'), undefined);
    assert.equal(await adapter('DeviceCode').findByUserCode('ABCD-EFGH'), undefined);
    assert.equal((await storage.oidcPayloads.find('Session', 'session-1'))?.expiresAt, clock.now(), 'the row waits for housekeeping');

    clock.advanceSeconds(365 * 24 * 3600);
    assert.deepEqual(await adapter('Grant').find('grant-1'), { jti: 'grant-1', kind: 'Grant' }, 'no expiresIn: no expiry');
  });

  it("names the account and website of grants, codes and tokens, so withdrawing a consent can find them; not of sessions", async () => {
    await adapter('Grant').upsert('grant-1', { jti: 'grant-1', kind: 'Grant', accountId: 'anna', clientId: 'shop' }, 60);
    await adapter('RefreshToken').upsert('refresh-1', { jti: 'refresh-1', kind: 'RefreshToken', grantId: 'grant-1', accountId: 'anna', clientId: 'shop' }, 60);
    await adapter('Session').upsert('session-1', { jti: 'session-1', kind: 'Session', accountId: 'anna' }, 60);
    const [grant, refresh, session] = await Promise.all([
      storage.oidcPayloads.find('Grant', 'grant-1'),
      storage.oidcPayloads.find('RefreshToken', 'refresh-1'),
      storage.oidcPayloads.find('Session', 'session-1'),
    ]);
    assert.deepEqual([grant?.accountId, grant?.clientId], ['anna', 'shop']);
    assert.deepEqual([refresh?.accountId, refresh?.clientId], ['anna', 'shop']);
    assert.deepEqual([session?.accountId, session?.clientId], [null, null]);
    assert.equal(await storage.oidcPayloads.revokeForAccount('anna', 'shop'), 2);
    assert.equal(await adapter('RefreshToken').find('refresh-1'), undefined);
  });

  it('keeps models apart: the same id under another model is another artefact', async () => {
    await adapter('AuthorizationCode').upsert('same', { jti: 'same', kind: 'AuthorizationCode' }, 60);
    assert.equal(await adapter('AccessToken').find('same'), undefined);
    await adapter('AuthorizationCode').destroy('same');
    assert.equal(await adapter('AuthorizationCode').find('same'), undefined);
  });

  it('shows a consumed artefact as `consumed`, in seconds, in what find returns', async () => {
    // A clock part-way through a second, to show the milliseconds are dropped, not rounded.
    const consumedAt = Date.UTC(2026, 0, 1, 9, 0, 5) + 750;
    const codes = storageAdapter(storage.oidcPayloads, registry, () => consumedAt)('AuthorizationCode');
    const code: AdapterPayload = { jti: 'code-1', grantId: 'grant-1', kind: 'AuthorizationCode', accountId: 'anna' };
    await codes.upsert('code-1', code, 600);
    assert.equal((await codes.find('code-1'))?.consumed, undefined);
    await codes.consume('code-1');
    assert.deepEqual(await codes.find('code-1'), { ...code, consumed: Math.floor(consumedAt / 1000) });
    assert.equal((await storage.oidcPayloads.find('AuthorizationCode', 'code-1'))?.consumedAt, consumedAt);
  });

  it('revokes every token and code of a grant, and nothing of other grants or the interaction', async () => {
    const ofGrant = [
      ['AccessToken', 'at-1'],
      ['AuthorizationCode', 'code-1'],
      ['RefreshToken', 'rt-1'],
    ] as const;
    for (const [model, id] of ofGrant) await adapter(model).upsert(id, { ...token('grant-1', id), kind: model }, 600);
    await adapter('AccessToken').upsert('at-2', token('grant-2', 'at-2'), 600);
    // An interaction may name the grant it is building; revoking the grant does not end it.
    const interaction: AdapterPayload = { jti: 'interaction-1', grantId: 'grant-1', kind: 'Interaction' };
    await adapter('Interaction').upsert('interaction-1', interaction, 600);

    await adapter('AccessToken').revokeByGrantId('grant-1');

    for (const [model, id] of ofGrant) assert.equal(await adapter(model).find(id), undefined, model);
    assert.deepEqual(await adapter('AccessToken').find('at-2'), token('grant-2', 'at-2'));
    assert.deepEqual(await adapter('Interaction').find('interaction-1'), interaction);
  });

  it('gives oidc-provider clients from the registry: public ones send no secret, confidential ones use basic auth', async () => {
    const open = await registry.add(aWebsite({ public: true, client_name: 'App' }));
    const confidential = await registry.add(aWebsite());
    const clients = adapter('Client');

    const publicMetadata = await clients.find(open.client_id);
    assert.equal(publicMetadata?.token_endpoint_auth_method, 'none');
    assert.equal(publicMetadata?.client_secret, undefined);
    assert.equal(publicMetadata?.client_name, 'App');

    const confidentialMetadata = await clients.find(confidential.client_id);
    assert.equal(confidentialMetadata?.token_endpoint_auth_method, 'client_secret_basic');
    assert.equal(confidentialMetadata?.client_secret, confidential.client_secret);
    assert.deepEqual(confidentialMetadata?.redirect_uris, ['https://bokning.example.se/callback']);
    assert.deepEqual(confidentialMetadata?.grant_types, ['authorization_code']);

    const configuredMetadata = await clients.find('intranet');
    assert.equal(configuredMetadata?.client_secret, configured.client_secret);
    assert.deepEqual(configuredMetadata?.grant_types, ['authorization_code', 'refresh_token']);

    assert.equal(await clients.find('unknown'), undefined);
    // A client row in the payload table is not consulted: the registry alone says who is a client.
    await storage.oidcPayloads.upsert({ model: 'Client', id: 'sneaky', payload: '{"client_id":"sneaky"}', grantId: null, accountId: null, clientId: null, userCode: null, uid: null, expiresAt: null, consumedAt: null });
    assert.equal(await clients.find('sneaky'), undefined);
    await registry.remove(confidential.client_id);
    assert.equal(await clients.find(confidential.client_id), undefined);
  });
});
