import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../storage.ts';
import { anArtefact, T0 } from './store-fixtures.ts';

/**
 * What the store of OpenID Connect artefacts owes on every backend. Called inside storageContract (SQLite and
 * PostgreSQL), which opens an empty database per case.
 */
export function oidcPayloadContract(storage: () => Storage): void {
  describe('OpenID Connect artefacts', () => {
    it('finds an upserted artefact by model and id, and not under another model', async () => {
      const code = anArtefact({ model: 'AuthorizationCode', id: 'shared-id' });
      await storage().oidcPayloads.upsert(code);
      assert.deepEqual(await storage().oidcPayloads.find('AuthorizationCode', 'shared-id'), code);
      assert.equal(await storage().oidcPayloads.find('AccessToken', 'shared-id'), undefined);
      assert.equal(await storage().oidcPayloads.find('AuthorizationCode', 'unknown-id'), undefined);

      const token = anArtefact({ model: 'AccessToken', id: 'shared-id', payload: '{"kind":"AccessToken"}' });
      await storage().oidcPayloads.upsert(token);
      assert.deepEqual(await storage().oidcPayloads.find('AccessToken', 'shared-id'), token, 'another model, another row');
      assert.deepEqual(await storage().oidcPayloads.find('AuthorizationCode', 'shared-id'), code, 'the first row untouched');
    });

    it('replaces an artefact upserted again: payload, grant, uid, user code and expiry', async () => {
      const first = anArtefact({ model: 'Session', id: 'one', grantId: 'grant-a', uid: 'uid-a', userCode: 'CODE-A', expiresAt: T0 + 1000 });
      await storage().oidcPayloads.upsert(first);
      const second = anArtefact({ model: 'Session', id: 'one', payload: '{"v":2}', grantId: 'grant-b', uid: 'uid-b', userCode: 'CODE-B', expiresAt: T0 + 9000 });
      await storage().oidcPayloads.upsert(second);
      assert.deepEqual(await storage().oidcPayloads.find('Session', 'one'), second);
      assert.equal(await storage().oidcPayloads.findByUid('Session', 'uid-a'), undefined);
      assert.equal(await storage().oidcPayloads.findByUserCode('Session', 'CODE-A'), undefined);

      const timeless = anArtefact({ model: 'Session', id: 'one', grantId: null, uid: null, userCode: null, expiresAt: null });
      await storage().oidcPayloads.upsert(timeless);
      assert.deepEqual(await storage().oidcPayloads.find('Session', 'one'), timeless, 'nulls replace values too');
      assert.equal(await storage().oidcPayloads.prune(T0 + 60_000), 0, 'the replaced expiry holds: nothing to prune');
    });

    it('finds an artefact by uid and by user code, only within its model', async () => {
      const session = anArtefact({ model: 'Session', uid: 'the-uid' });
      const device = anArtefact({ model: 'DeviceCode', userCode: 'ABCD-EFGH' });
      await storage().oidcPayloads.upsert(session);
      await storage().oidcPayloads.upsert(device);
      assert.deepEqual(await storage().oidcPayloads.findByUid('Session', 'the-uid'), session);
      assert.equal(await storage().oidcPayloads.findByUid('Interaction', 'the-uid'), undefined);
      assert.equal(await storage().oidcPayloads.findByUid('Session', 'another-uid'), undefined);
      assert.deepEqual(await storage().oidcPayloads.findByUserCode('DeviceCode', 'ABCD-EFGH'), device);
      assert.equal(await storage().oidcPayloads.findByUserCode('Session', 'ABCD-EFGH'), undefined);
      assert.equal(await storage().oidcPayloads.findByUserCode('DeviceCode', 'ZZZZ-ZZZZ'), undefined);
    });

    it('marks an artefact consumed at the given time, and only that one', async () => {
      const code = anArtefact({ model: 'AuthorizationCode', id: 'same' });
      const other = anArtefact({ model: 'RefreshToken', id: 'same' });
      await storage().oidcPayloads.upsert(code);
      await storage().oidcPayloads.upsert(other);
      await storage().oidcPayloads.consume('AuthorizationCode', 'same', T0 + 5000);
      assert.deepEqual(await storage().oidcPayloads.find('AuthorizationCode', 'same'), { ...code, consumedAt: T0 + 5000 });
      assert.equal((await storage().oidcPayloads.find('RefreshToken', 'same'))?.consumedAt, null);
      await storage().oidcPayloads.consume('AuthorizationCode', 'unknown', T0 + 5000);
      assert.equal(await storage().oidcPayloads.find('AuthorizationCode', 'unknown'), undefined, 'consuming nothing creates nothing');
    });

    it('destroys one artefact, leaving the same id under another model', async () => {
      await storage().oidcPayloads.upsert(anArtefact({ model: 'Interaction', id: 'same' }));
      const session = anArtefact({ model: 'Session', id: 'same' });
      await storage().oidcPayloads.upsert(session);
      await storage().oidcPayloads.destroy('Interaction', 'same');
      assert.equal(await storage().oidcPayloads.find('Interaction', 'same'), undefined);
      assert.deepEqual(await storage().oidcPayloads.find('Session', 'same'), session);
      await storage().oidcPayloads.destroy('Interaction', 'same');
    });

    it('revokes every artefact of a grant, of any model, and nothing of another grant or of none', async () => {
      const ofGrant = ['AccessToken', 'AuthorizationCode', 'RefreshToken'].map((model) => anArtefact({ model, grantId: 'grant-a' }));
      const otherGrant = anArtefact({ model: 'AccessToken', grantId: 'grant-b' });
      const noGrant = anArtefact({ model: 'Session', grantId: null });
      for (const row of [...ofGrant, otherGrant, noGrant]) await storage().oidcPayloads.upsert(row);

      await storage().oidcPayloads.revokeByGrantId('grant-a');

      for (const row of ofGrant) assert.equal(await storage().oidcPayloads.find(row.model, row.id), undefined, row.model);
      assert.deepEqual(await storage().oidcPayloads.find(otherGrant.model, otherGrant.id), otherGrant);
      assert.deepEqual(await storage().oidcPayloads.find(noGrant.model, noGrant.id), noGrant);
    });

    it('revokes what one account holds for one website, or for all its websites, and nothing of anyone else', async () => {
      const ofSite = ['Grant', 'AccessToken', 'RefreshToken'].map((model) => anArtefact({ model, accountId: 'anna', clientId: 'shop' }));
      const otherSite = anArtefact({ model: 'RefreshToken', accountId: 'anna', clientId: 'library' });
      const otherAccount = anArtefact({ model: 'RefreshToken', accountId: 'bertil', clientId: 'shop' });
      const untagged = anArtefact({ model: 'Session' });
      for (const row of [...ofSite, otherSite, otherAccount, untagged]) await storage().oidcPayloads.upsert(row);

      assert.equal(await storage().oidcPayloads.revokeForAccount('anna', 'shop'), 3);
      for (const row of ofSite) assert.equal(await storage().oidcPayloads.find(row.model, row.id), undefined, row.model);
      assert.deepEqual(await storage().oidcPayloads.find(otherSite.model, otherSite.id), otherSite);
      assert.equal(await storage().oidcPayloads.revokeForAccount('anna', 'shop'), 0);

      assert.equal(await storage().oidcPayloads.revokeForAccount('anna'), 1, 'every website of the account');
      assert.equal(await storage().oidcPayloads.find(otherSite.model, otherSite.id), undefined);
      assert.deepEqual(await storage().oidcPayloads.find(otherAccount.model, otherAccount.id), otherAccount);
      assert.deepEqual(await storage().oidcPayloads.find(untagged.model, untagged.id), untagged);
    });

    it('removes the codes, tokens and provider session that came from one sign-in, and nothing of another', async () => {
      const payload = (o: object) => JSON.stringify({ jti: randomUUID(), ...o });
      const signIn = 1_700_000_000;
      const fromIt = [
        anArtefact({ model: 'RefreshToken', accountId: 'anna', clientId: 'shop', payload: payload({ authTime: signIn, sessionUid: 'uid-1' }) }),
        anArtefact({ model: 'AuthorizationCode', accountId: 'anna', clientId: 'shop', payload: payload({ authTime: signIn, sessionUid: 'uid-1' }) }),
        anArtefact({ model: 'AccessToken', accountId: 'anna', clientId: 'shop', payload: payload({ sessionUid: 'uid-1' }) }),
        anArtefact({ model: 'Session', uid: 'uid-1', payload: payload({ accountId: 'anna', loginTs: signIn }) }),
      ];
      const kept = [
        anArtefact({ model: 'RefreshToken', accountId: 'anna', clientId: 'shop', payload: payload({ authTime: signIn + 1, sessionUid: 'uid-2' }) }),
        anArtefact({ model: 'AccessToken', accountId: 'anna', clientId: 'shop', payload: payload({ sessionUid: 'uid-2' }) }),
        anArtefact({ model: 'Grant', accountId: 'anna', clientId: 'shop', payload: payload({}) }),
        anArtefact({ model: 'RefreshToken', accountId: 'bo', clientId: 'shop', payload: payload({ authTime: signIn, sessionUid: 'uid-3' }) }),
        anArtefact({ model: 'Session', uid: 'uid-2', payload: payload({ accountId: 'anna', loginTs: signIn + 1 }) }),
      ];
      for (const row of [...fromIt, ...kept]) await storage().oidcPayloads.upsert(row);
      assert.equal(await storage().oidcPayloads.revokeForSignIn('anna', signIn), 4);
      for (const row of fromIt) assert.equal(await storage().oidcPayloads.find(row.model, row.id), undefined, row.model);
      for (const row of kept) assert.deepEqual(await storage().oidcPayloads.find(row.model, row.id), row, row.model);
    });

    it('prunes only artefacts that expired before the given time, never those without expiry', async () => {
      const old = anArtefact({ expiresAt: T0 + 1000 });
      const boundary = anArtefact({ expiresAt: T0 + 2000 });
      const live = anArtefact({ expiresAt: T0 + 60_000 });
      const forever = anArtefact({ expiresAt: null });
      for (const row of [old, boundary, live, forever]) await storage().oidcPayloads.upsert(row);

      assert.equal(await storage().oidcPayloads.prune(T0 + 2000), 1);

      assert.equal(await storage().oidcPayloads.find(old.model, old.id), undefined, 'pruned');
      for (const kept of [boundary, live, forever]) assert.deepEqual(await storage().oidcPayloads.find(kept.model, kept.id), kept);
      assert.equal(await storage().oidcPayloads.prune(T0 + 2000), 0);
      assert.equal(await storage().oidcPayloads.prune(Number.MAX_SAFE_INTEGER), 2, 'the row without expiry stays whatever the time');
      assert.deepEqual(await storage().oidcPayloads.find(forever.model, forever.id), forever);
    });
  });
}
