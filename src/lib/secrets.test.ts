import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constantTimeEqual, hmac, hmacMatchesAny, keyId, sha256 } from './secrets.ts';

const key = Buffer.from('a secret key of at least thirty-two characters');
const otherKey = Buffer.from('another secret key, also thirty-two characters');

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    assert.equal(constantTimeEqual('12345678', '12345678'), true);
    assert.equal(constantTimeEqual('', ''), true);
    assert.equal(constantTimeEqual('åäö', 'åäö'), true);
  });

  it('is false for a different string of the same length', () => {
    assert.equal(constantTimeEqual('12345678', '12345679'), false);
    assert.equal(constantTimeEqual('12345678', '02345678'), false);
  });

  it('is false for strings of different lengths, including a prefix and the empty string', () => {
    assert.equal(constantTimeEqual('1234567', '12345678'), false);
    assert.equal(constantTimeEqual('12345678', '123456789'), false);
    assert.equal(constantTimeEqual('', '1'), false);
  });

  it('compares bytes, so strings of equal length but different UTF-8 size are unequal', () => {
    assert.equal(constantTimeEqual('a', 'å'), false);
    assert.equal(constantTimeEqual('ab', 'å'), false);
  });
});

describe('hmac', () => {
  it('is the same for the same key, purpose and value', () => {
    assert.equal(hmac(key, 'one-time-code', 'id:12345678'), hmac(key, 'one-time-code', 'id:12345678'));
  });

  it('gives a base64url SHA-256 digest that does not contain the value', () => {
    const digest = hmac(key, 'one-time-code', '12345678');
    assert.match(digest, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!digest.includes('12345678'));
  });

  it('differs by key', () => {
    assert.notEqual(hmac(key, 'one-time-code', '12345678'), hmac(otherKey, 'one-time-code', '12345678'));
  });

  it('differs by purpose, so one digest cannot stand in for another kind', () => {
    assert.notEqual(hmac(key, 'limit:email', 'anna@example.se'), hmac(key, 'limit:number', 'anna@example.se'));
  });

  it('differs by value', () => {
    assert.notEqual(hmac(key, 'one-time-code', '12345678'), hmac(key, 'one-time-code', '12345679'));
  });

  it('keeps purpose and value apart, so moving text across the boundary changes the digest', () => {
    assert.notEqual(hmac(key, 'limit:a', 'b'), hmac(key, 'limit:', 'ab'));
    assert.notEqual(hmac(key, 'limit', ':ab'), hmac(key, 'limit:', 'ab'));
  });
});

describe('sha256', () => {
  it('gives the standard SHA-256 digest in base64url', () => {
    assert.equal(sha256('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});

describe('hmacMatchesAny', () => {
  const current = Buffer.from('the current secret key, 32 bytes or more');
  const previous = Buffer.from('the previous secret key, 32 bytes or more');

  it('accepts what the current or a previous key signed, for that purpose and value only', () => {
    const keys = [current, previous];
    assert.ok(hmacMatchesAny(keys, 'csrf', 'value', hmac(current, 'csrf', 'value')));
    assert.ok(hmacMatchesAny(keys, 'csrf', 'value', hmac(previous, 'csrf', 'value')));
    assert.ok(!hmacMatchesAny([current], 'csrf', 'value', hmac(previous, 'csrf', 'value')), 'a dropped key signs nothing any more');
    assert.ok(!hmacMatchesAny(keys, 'csrf', 'other', hmac(current, 'csrf', 'value')));
    assert.ok(!hmacMatchesAny(keys, 'other', 'value', hmac(current, 'csrf', 'value')));
    assert.ok(!hmacMatchesAny(keys, 'csrf', 'value', ''));
  });

  it('names keys by an id that is stable, short and differs between keys', () => {
    assert.equal(keyId(current), keyId(Buffer.from(current)));
    assert.match(keyId(current), /^[A-Za-z0-9_-]{8}$/);
    assert.notEqual(keyId(current), keyId(previous));
  });
});
