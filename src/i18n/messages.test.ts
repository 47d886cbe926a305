import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemStatus } from '../http/problems.ts';
import { locales } from './locale.ts';
import { catalogues, format, messages } from './messages.ts';

/** Every path to a text in a catalogue, e.g. `problems.code_invalid.title`. */
const keyPaths = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key))
    : [prefix];

const textAt = (catalogue: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], catalogue);

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('message catalogues', () => {
  it('have exactly the same keys in Swedish and English at run time', () => {
    assert.deepEqual(keyPaths(catalogues.en).sort(), keyPaths(catalogues.sv).sort());
  });

  it('have a non-empty text for every key in every language', () => {
    for (const locale of locales) {
      for (const path of keyPaths(catalogues.sv)) {
        const text = textAt(catalogues[locale], path);
        assert.equal(typeof text, 'string', `${locale}: ${path}`);
        assert.notEqual((text as string).trim(), '', `${locale}: ${path}`);
      }
    }
  });

  it('use the same placeholders in every language', () => {
    for (const path of keyPaths(catalogues.sv)) {
      assert.deepEqual(placeholders(textAt(catalogues.en, path) as string), placeholders(textAt(catalogues.sv, path) as string), path);
    }
  });

  it('give every problem code a title and a detail in Swedish and English', () => {
    for (const code of Object.keys(problemStatus) as (keyof typeof problemStatus)[]) {
      for (const locale of locales) {
        const text = messages(locale).problems[code];
        assert.ok(text, `${locale}: no text for ${code}`);
        assert.ok(text.title.trim().length > 0, `${locale}: ${code} has no title`);
        assert.ok(text.detail.trim().length > 0, `${locale}: ${code} has no detail`);
      }
    }
  });

  it('have no problem text without an HTTP status', () => {
    assert.deepEqual(Object.keys(catalogues.sv.problems).sort(), Object.keys(problemStatus).sort());
  });

  it('put both code texts in each language, with the code in them', () => {
    for (const locale of locales) {
      assert.match(messages(locale).sms.signIn, /\{code\}/);
      assert.match(messages(locale).sms.verifyPhone, /\{code\}/);
    }
  });
});

describe('format', () => {
  it('fills named placeholders, every occurrence', () => {
    assert.equal(format('{code} — again {code}, valid {minutes} min', { code: '12345678', minutes: 10 }), '12345678 — again 12345678, valid 10 min');
  });

  it('leaves unknown placeholders visible rather than dropping them', () => {
    assert.equal(format('Hej {name}, koden är {code}', { code: '1234' }), 'Hej {name}, koden är 1234');
  });
});
