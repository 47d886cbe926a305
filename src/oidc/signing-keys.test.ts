import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../lib/clock.ts';
import { Sealer } from '../lib/sealed.ts';
import { openSqlite } from '../storage/sqlite/open-sqlite.ts';
import type { Storage } from '../storage/storage.ts';
import type { SigningKeyRow, SigningKeyStore } from './oidc-store.ts';
import { SigningKeys } from './signing-keys.ts';

const secretKey = Buffer.from('test-secret-key-that-is-at-least-32-characters');
const otherSecretKey = Buffer.from('another-secret-key-of-at-least-32-chars!');

describe('signing keys', () => {
  let storage: Storage;
  const clock = new ManualClock();
  const keysWith = (key: Buffer, store: SigningKeyStore = storage.signingKeys) =>
    new SigningKeys({ store, sealer: new Sealer(key, 'oidc-signing-key'), clock });

  beforeEach(async () => {
    storage = await openSqlite(':memory:');
  });
  afterEach(() => storage.close());

  it('creates exactly one RS256 key on first load, and loads that same key afterwards', async () => {
    const [key, ...others] = await keysWith(secretKey).load();
    assert.ok(key);
    assert.deepEqual(others, []);
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    assert.equal(key.kty, 'RSA');
    const rows = await storage.signingKeys.list();
    assert.deepEqual(rows.map((r) => [r.kid, r.generation, r.createdAt]), [[key.kid, 1, clock.now()]]);

    // It is a working RSA key of at least 2048 bits whose public half verifies what it signs.
    const privateKey = createPrivateKey({ key, format: 'jwk' });
    assert.ok((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048);
    const signature = sign('sha256', Buffer.from('header.payload'), privateKey);
    assert.equal(verify('sha256', Buffer.from('header.payload'), createPublicKey(privateKey), signature), true);

    const again = await keysWith(secretKey).load();
    assert.deepEqual(again, [key], 'a restart signs with the same key');
    assert.equal((await storage.signingKeys.list()).length, 1);
  });

  it('keeps the private key sealed: the stored row does not show it', async () => {
    const [key] = await keysWith(secretKey).load();
    const privateParts: string[] = [key?.d, key?.p, key?.q].filter((part) => typeof part === 'string');
    assert.equal(privateParts.length, 3, 'the loaded key has its private parts');
    const [row] = await storage.signingKeys.list();
    assert.ok(row);
    const stored = [row.sealedJwk, Buffer.from(row.sealedJwk, 'base64url').toString('latin1')];
    for (const text of stored) {
      for (const part of privateParts) assert.equal(text.includes(part), false);
      assert.doesNotMatch(text, /"d"\s*:/);
    }
  });

  it('refuses to load keys sealed with another SECRET_KEY, saying so', async () => {
    await keysWith(secretKey).load();
    await assert.rejects(keysWith(otherSecretKey).load(), /signing keys cannot be opened: neither SECRET_KEY nor SECRET_KEYS_PREVIOUS is the key they were sealed with/);
    assert.equal((await storage.signingKeys.list()).length, 1, 'and adds no key of its own');
  });

  it('rotates to a new key that signs first, keeping the previous one published', async () => {
    const keys = keysWith(secretKey);
    const [first] = await keys.load();
    clock.advanceSeconds(60);
    const { added, removed } = await keys.rotate();
    assert.equal(removed, 0);
    assert.equal(added.generation, 2);
    assert.equal(added.signing, true);
    assert.equal(added.createdAt, new Date(clock.now()).toISOString());

    const loaded = await keys.load();
    assert.deepEqual(loaded.map((k) => k.kid), [added.kid, first?.kid]);
    assert.deepEqual(
      (await keys.list()).map((k) => [k.kid, k.generation, k.signing]),
      [
        [added.kid, 2, true],
        [first?.kid, 1, false],
      ],
    );
  });

  it('removes the oldest key on a second rotation, leaving two', async () => {
    const keys = keysWith(secretKey);
    const [first] = await keys.load();
    const second = await keys.rotate();
    const third = await keys.rotate();
    assert.equal(third.removed, 1);
    const loaded = await keys.load();
    assert.deepEqual(loaded.map((k) => k.kid), [third.added.kid, second.added.kid]);
    assert.equal(loaded.some((k) => k.kid === first?.kid), false);
  });

  it('ends with one key when two instances load for the first time at once', async () => {
    // Both instances list the empty table before either adds a key: the race a real start has.
    const { store, insertResults } = racing(storage.signingKeys, 2);
    const [a, b] = await Promise.all([keysWith(secretKey, store).load(), keysWith(secretKey, store).load()]);
    assert.deepEqual(insertResults.sort(), [false, true], 'both tried, one won');
    assert.equal((await storage.signingKeys.list()).length, 1);
    assert.equal(a?.length, 1);
    assert.deepEqual(a, b, 'both sign with the winning key');
  });
});

/**
 * The real store, except that its first `instances` list() calls answer only once all of them
 * have been made, so every instance sees the table as it was before any of them wrote.
 */
function racing(store: SigningKeyStore, instances: number) {
  const insertResults: boolean[] = [];
  let waiting: Array<() => void> = [];
  let listed = 0;
  const racingStore: SigningKeyStore = {
    async list(): Promise<SigningKeyRow[]> {
      const rows = await store.list();
      if (++listed <= instances) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === instances) {
            for (const release of waiting) release();
            waiting = [];
          }
        });
      }
      return rows;
    },
    async insertIfNew(row) {
      const added = await store.insertIfNew(row);
      insertResults.push(added);
      return added;
    },
    removeOlderThan: (generation) => store.removeOlderThan(generation),
    reseal: (kid, sealed) => store.reseal(kid, sealed),
  };
  return { store: racingStore, insertResults };
}
