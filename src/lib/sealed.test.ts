import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sealer } from './sealed.ts';
import { keyId } from './secrets.ts';

const key = Buffer.from('test-secret-key-that-is-at-least-32-characters');

describe('Sealer', () => {
  it('opens what it sealed, and the sealed text does not show the value', () => {
    const sealer = new Sealer(key, 'journey');
    const sealed = sealer.seal({ email: 'anna@example.se', number: '0701234567' });
    assert.doesNotMatch(Buffer.from(sealed, 'base64url').toString('latin1'), /anna|0701234567/);
    assert.deepEqual(sealer.open(sealed), { email: 'anna@example.se', number: '0701234567' });
  });

  it('refuses a changed value, another purpose, another key and garbage', () => {
    const sealer = new Sealer(key, 'journey');
    const sealed = sealer.seal({ email: 'anna@example.se' });
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    assert.equal(sealer.open(flipped.toString('base64url')), undefined);
    assert.equal(new Sealer(key, 'other').open(sealed), undefined);
    assert.equal(new Sealer(Buffer.from('another-secret-key-of-at-least-32-chars!'), 'journey').open(sealed), undefined);
    for (const garbage of [undefined, '', 'abc', 'x'.repeat(200)]) assert.equal(sealer.open(garbage), undefined);
  });

  it('names the key it sealed with, and opens what a previous key sealed (and values from before key ids) after a rotation', () => {
    const newKey = Buffer.from('the rotated secret key, 32 bytes or more');
    const old = new Sealer(key, 'oidc-client');
    const sealed = old.seal({ client_id: 'site' });
    assert.equal(sealed.split('.')[0], keyId(key));
    // The format before key ids: the same sealed bytes without the prefix.
    const unnamed = sealed.slice(sealed.indexOf('.') + 1);

    const rotated = new Sealer(newKey, 'oidc-client', [key]);
    for (const value of [sealed, unnamed]) {
      assert.deepEqual(rotated.open(value), { client_id: 'site' });
      assert.equal(rotated.sealedWith(value), 'previous');
    }
    const resealed = rotated.seal(rotated.open(sealed));
    assert.equal(rotated.sealedWith(resealed), 'current');
    assert.equal(resealed.split('.')[0], keyId(newKey));
    assert.equal(old.open(resealed), undefined, 'the old key opens nothing the new one sealed');
    assert.equal(new Sealer(newKey, 'oidc-client').open(sealed), undefined, 'without the previous key it stays shut');
    assert.equal(rotated.open(`${keyId(newKey)}.${unnamed}`), undefined, 'a value claiming the wrong key id does not open');
  });
});
