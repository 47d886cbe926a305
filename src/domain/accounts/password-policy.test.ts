import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.ts';

const email = 'anna.svensson@example.se';

describe('checkPassword', () => {
  it('accepts a long enough, uncommon password and returns it unchanged', () => {
    assert.deepEqual(checkPassword('blå katt på taket', email), { ok: true, value: 'blå katt på taket' });
  });

  it('refuses a password shorter than 8 characters and accepts exactly 8', () => {
    assert.equal(PASSWORD_MIN_LENGTH, 8);
    assert.deepEqual(checkPassword('kx9#vqm', email), { ok: false, error: 'password_too_short' });
    assert.ok(checkPassword('kx9#vqm2', email).ok);
  });

  it('accepts 256 characters and refuses 257', () => {
    assert.equal(PASSWORD_MAX_LENGTH, 256);
    const long = 'kx9#vqm2'.repeat(32);
    assert.ok(checkPassword(long, email).ok);
    assert.deepEqual(checkPassword(`${long}z`, email), { ok: false, error: 'password_too_long' });
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    // Seven emoji are 14 UTF-16 units and 28 bytes, but only 7 characters.
    assert.deepEqual(checkPassword('🐱🐶🐭🐹🐰🦊🐻', email), { ok: false, error: 'password_too_short' });
    assert.ok(checkPassword('🐱🐶🐭🐹🐰🦊🐻🐼', email).ok);
    assert.ok(checkPassword('åäöÅÄÖéü', email).ok);
  });

  it('refuses common passwords whatever their case', () => {
    for (const common of ['password', 'Password1', 'QWERTY123', '12345678', 'lösenord', 'Sommar123']) {
      assert.deepEqual(checkPassword(common, email), { ok: false, error: 'password_too_common' }, common);
    }
  });

  it('refuses a password of one repeated character', () => {
    assert.deepEqual(checkPassword('zzzzzzzzzz', email), { ok: false, error: 'password_too_common' });
  });

  it('refuses the email address or its local part as the password', () => {
    assert.deepEqual(checkPassword(email, email), { ok: false, error: 'password_too_common' });
    assert.deepEqual(checkPassword('Anna.Svensson', email), { ok: false, error: 'password_too_common' });
  });

  it('applies NFKC, so full-width digits and letters are the same password as their ASCII form', () => {
    assert.deepEqual(checkPassword('ｓｅｃｒｅｔ４７１１', email), { ok: true, value: 'secret4711' });
    assert.deepEqual(checkPassword('１２３４５６７８', email), { ok: false, error: 'password_too_common' });
  });

  it('applies NFKC, so a decomposed ö matches the common-password list too', () => {
    assert.deepEqual(checkPassword('lo\u0308senord', email), { ok: false, error: 'password_too_common' });
  });

  it('refuses control characters', () => {
    for (const raw of ['kx9#vqm2\u0000', 'kx9#\nvqm2', 'kx9#vqm2\u001B', 'kx9#vqm2\u0085']) {
      assert.deepEqual(checkPassword(raw, email), { ok: false, error: 'password_invalid' });
    }
  });
});
