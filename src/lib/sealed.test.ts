import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Sealer } from './sealed.ts';

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
});
