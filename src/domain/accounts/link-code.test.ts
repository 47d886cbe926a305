import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeToLetters, lettersToCode } from './link-code.ts';

describe('codes spelled in letters for links', () => {
  it('round-trips every digit and holds no digit itself', () => {
    const letters = codeToLetters('0123456789');
    assert.doesNotMatch(letters, /\d/);
    assert.equal(lettersToCode(letters), '0123456789');
  });

  it('reads capitals as the same letters', () => {
    assert.equal(lettersToCode(codeToLetters('80412345').toUpperCase()), '80412345');
  });

  it('refuses letters outside the spelling, digits and empty input', () => {
    assert.equal(lettersToCode('bcda'), undefined);
    assert.equal(lettersToCode('12345678'), undefined);
    assert.equal(lettersToCode(''), undefined);
  });
});
