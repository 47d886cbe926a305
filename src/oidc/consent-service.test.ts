import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../lib/clock.ts';
import { Sealer } from '../lib/sealed.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import { aWebsite, configuredClient, oidcTestSecret } from '../../test/helpers/oidc-clients.ts';
import { ClientRegistry } from './client-registry.ts';
import { CONSENT_SECONDS, ConsentService } from './consent-service.ts';

describe('consents to websites', () => {
  let storage: Storage;
  let registry: ClientRegistry;
  let consents: ConsentService;
  let clock: ManualClock;
  const anna = 'anna';

  beforeEach(async () => {
    storage = await openSqlite(':memory:');
    clock = new ManualClock();
    registry = new ClientRegistry({ store: storage.clients, sealer: new Sealer(oidcTestSecret, 'oidc-client'), clock, configured: [configuredClient] });
    consents = new ConsentService({ consents: storage.consents, payloads: storage.oidcPayloads, clients: registry, clock });
    await storage.accounts.insert({ id: anna, email: 'anna@example.se', passwordHash: 'x', createdAt: clock.now(), emailVerifiedAt: clock.now() });
  });
  afterEach(() => storage.close());

  it('adds what is allowed later to what was allowed before, and the year starts again', async () => {
    const shop = await registry.add(aWebsite({ client_name: 'Butiken' }));
    await consents.give(anna, shop.client_id, { scopes: ['openid', 'email'], claims: [] });
    clock.advanceSeconds(3600);
    const wider = await consents.give(anna, shop.client_id, { scopes: ['openid', 'phone'], claims: ['phone_number'] });
    assert.deepEqual(wider.scopes, ['openid', 'email', 'phone']);
    assert.deepEqual(wider.claims, ['phone_number']);
    assert.equal(wider.expiresAt, clock.now() + CONSENT_SECONDS * 1000);
    assert.deepEqual(await consents.find(anna, shop.client_id), wider);
  });

  it('holds for a year and not a second longer: then the website is not listed and the person is asked again', async () => {
    const shop = await registry.add(aWebsite({ client_name: 'Butiken' }));
    await consents.give(anna, shop.client_id, { scopes: ['openid'], claims: [] });
    clock.advanceSeconds(CONSENT_SECONDS - 1);
    assert.ok(await consents.find(anna, shop.client_id));
    assert.deepEqual((await consents.list(anna)).map((w) => w.clientName), ['Butiken']);
    clock.advanceSeconds(1);
    assert.equal(await consents.find(anna, shop.client_id), undefined);
    assert.deepEqual(await consents.list(anna), []);
  });

  it('lists only websites still registered, by their name', async () => {
    const kept = await registry.add(aWebsite({ client_name: 'Biblioteket' }));
    const removed = await registry.add(aWebsite({ client_name: 'Gamla butiken' }));
    await consents.give(anna, kept.client_id, { scopes: ['openid', 'email'], claims: [] });
    await consents.give(anna, removed.client_id, { scopes: ['openid'], claims: [] });
    await registry.remove(removed.client_id);
    assert.deepEqual(
      (await consents.list(anna)).map((w) => ({ clientId: w.clientId, clientName: w.clientName, scopes: w.scopes })),
      [{ clientId: kept.client_id, clientName: 'Biblioteket', scopes: ['openid', 'email'] }],
    );
  });

  it("withdrawing ends that website's grants and tokens for the account, and nothing of other websites", async () => {
    const shop = await registry.add(aWebsite({ client_name: 'Butiken' }));
    await consents.give(anna, shop.client_id, { scopes: ['openid'], claims: [] });
    const artefact = (model: string, id: string, clientId: string) => ({
      model, id, payload: '{}', grantId: null, accountId: anna, clientId, userCode: null, uid: null, expiresAt: null, consumedAt: null,
    });
    await storage.oidcPayloads.upsert(artefact('RefreshToken', 'shop-token', shop.client_id));
    await storage.oidcPayloads.upsert(artefact('Grant', 'shop-grant', shop.client_id));
    await storage.oidcPayloads.upsert(artefact('RefreshToken', 'intranet-token', configuredClient.client_id));

    assert.equal(await consents.withdraw(anna, shop.client_id), true);
    assert.equal(await consents.find(anna, shop.client_id), undefined);
    assert.equal(await storage.oidcPayloads.find('RefreshToken', 'shop-token'), undefined);
    assert.equal(await storage.oidcPayloads.find('Grant', 'shop-grant'), undefined);
    assert.ok(await storage.oidcPayloads.find('RefreshToken', 'intranet-token'));
    assert.equal(await consents.withdraw(anna, shop.client_id), false, 'nothing left to withdraw');

    await consents.give(anna, shop.client_id, { scopes: ['openid'], claims: [] });
    await consents.withdrawAll(anna);
    assert.deepEqual(await consents.list(anna), []);
    assert.equal(await storage.oidcPayloads.find('RefreshToken', 'intranet-token'), undefined, 'every website, when all sessions end');
  });
});
