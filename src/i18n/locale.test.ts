import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLocale, negotiateLocale } from './locale.ts';

describe('negotiateLocale', () => {
  it('answers Swedish when the client sends no Accept-Language', () => {
    assert.equal(defaultLocale, 'sv');
    assert.equal(negotiateLocale(undefined), 'sv');
    assert.equal(negotiateLocale(''), 'sv');
  });

  it('matches on the primary subtag, so en-GB and sv-FI are understood', () => {
    assert.equal(negotiateLocale('en-GB'), 'en');
    assert.equal(negotiateLocale('EN-us'), 'en');
    assert.equal(negotiateLocale('sv-FI'), 'sv');
  });

  it('picks the supported language with the highest q-value, wherever it is listed', () => {
    assert.equal(negotiateLocale('sv;q=0.5, en;q=0.9'), 'en');
    assert.equal(negotiateLocale('en;q=0.4, sv;q=0.8'), 'sv');
    assert.equal(negotiateLocale('de-DE, de;q=0.9, en-US;q=0.8, en;q=0.7'), 'en');
  });

  it('prefers the language listed first when q-values are equal', () => {
    assert.equal(negotiateLocale('en, sv'), 'en');
    assert.equal(negotiateLocale('sv, en'), 'sv');
  });

  it('reads the q parameter case-insensitively and ignores q-values above 1', () => {
    assert.equal(negotiateLocale('sv;Q=0, en'), 'en');
    assert.equal(negotiateLocale('en;q=5, sv;q=0.5'), 'sv');
  });

  it('treats q=0 as "not acceptable"', () => {
    assert.equal(negotiateLocale('en;q=0'), 'sv');
    assert.equal(negotiateLocale('sv;q=0, en;q=0.1'), 'en');
  });

  it('falls back to Swedish when no listed language is supported', () => {
    assert.equal(negotiateLocale('de-DE, fr;q=0.8, *;q=0.1'), 'sv');
  });

  it('falls back to Swedish for a garbage header instead of throwing', () => {
    for (const header of [',,,', ';;;', 'en;q=abc', '\uFFFD\uFFFD', 'q=1', ' ; q=0.5 , ', 'x'.repeat(10_000)]) {
      assert.equal(negotiateLocale(header), 'sv', JSON.stringify(header.slice(0, 20)));
    }
  });

  it('still finds a supported language beside garbage entries', () => {
    assert.equal(negotiateLocale('!!, en;q=0.5, ;q=zz'), 'en');
  });
});
