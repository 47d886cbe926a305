import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeEmail } from './email.ts';

const accepted = (raw: string): string => {
  const result = normalizeEmail(raw);
  assert.ok(result.ok, `expected ${JSON.stringify(raw)} to be accepted`);
  return result.value;
};
const refused = (raw: string): void => {
  assert.deepEqual(normalizeEmail(raw), { ok: false, error: 'email_invalid' }, `expected ${JSON.stringify(raw)} to be refused`);
};

describe('normalizeEmail', () => {
  it('trims and lower-cases, so differently typed addresses are one account', () => {
    assert.equal(accepted('  Anna@Example.SE '), 'anna@example.se');
    assert.equal(accepted('anna@example.se'), 'anna@example.se');
  });

  it('composes decomposed letters, so å typed either way is the same address', () => {
    const decomposed = 'a\u030Asa@example.se';
    assert.equal(accepted(decomposed), '\u00E5sa@example.se');
    assert.equal(accepted(decomposed), accepted('åsa@example.se'));
  });

  it('accepts sub-domains, plus tags and non-ASCII letters', () => {
    assert.equal(accepted('per+spam@mail.example.co.uk'), 'per+spam@mail.example.co.uk');
    assert.equal(accepted('björn@exempel.se'), 'björn@exempel.se');
  });

  it('refuses text that cannot be an address', () => {
    for (const raw of ['', 'anna', 'anna@', '@example.se', 'anna@localhost', 'anna@example', 'an na@example.se', 'anna@exa mple.se', 'a@b@example.se', 'anna@.example.se', 'anna@example..se', 'anna@example.se.']) {
      refused(raw);
    }
  });

  it('refuses control characters anywhere, even where trimming would remove them', () => {
    for (const raw of ['anna\u0000@example.se', 'anna@example.se\n', '\tanna@example.se', 'anna@exam\u007Fple.se', 'anna\u0085@example.se']) refused(raw);
  });

  it('accepts a local part of 64 characters and refuses 65', () => {
    assert.ok(normalizeEmail(`${'a'.repeat(64)}@example.se`).ok);
    refused(`${'a'.repeat(65)}@example.se`);
  });

  it('accepts an address of 254 characters and refuses 255', () => {
    const domainOf = (length: number) => `${'d'.repeat(length - '.se'.length)}.se`;
    const local = 'a'.repeat(60);
    assert.ok(normalizeEmail(`${local}@${domainOf(254 - 61)}`).ok);
    refused(`${local}@${domainOf(255 - 61)}`);
  });

  // Written with escapes: in the source as in a form, a look-alike is not seen.
  const cases: readonly (readonly [string, string, string | 'email_confusable'])[] = [
    ['fullwidth letters become the ASCII address', '\uFF41\uFF4E\uFF4E\uFF41@example.se', 'anna@example.se'],
    ['a fullwidth @ and dot become ASCII ones', 'anna\uFF20example\uFF0Ese', 'anna@example.se'],
    ['mathematical bold letters become the ASCII address', '\u{1D41A}\u{1D427}\u{1D427}\u{1D41A}@example.se', 'anna@example.se'],
    ['a Cyrillic а among Latin letters is refused', '\u0430nna@example.se', 'email_confusable'],
    ['a Cyrillic а in a Latin domain label is refused', 'anna@ex\u0430mple.se', 'email_confusable'],
    ['a Greek ο among Latin letters is refused', 'an\u03BFna@example.se', 'email_confusable'],
    ['a zero-width space (U+200B) is refused', 'an\u200Bna@example.se', 'email_confusable'],
    ['a right-to-left override (U+202E) is refused', 'anna\u202E@example.se', 'email_confusable'],
    ['a soft hyphen (U+00AD) is refused', 'an\u00ADna@example.se', 'email_confusable'],
    ['a zero-width joiner, non-joiner, word joiner or BOM is refused', 'an\u200Dna\u200C@exam\u2060ple.se\uFEFF', 'email_confusable'],
    ['a hyphen (U+2010) posing as an ASCII one is refused', 'anna\u2010svensson@example.se', 'email_confusable'],
    ['letters of a script not in modern use (Cherokee) are refused', '\u13AA\u13F4\u13DF@example.se', 'email_confusable'],
    ['plain ASCII is accepted as it is', 'anna.svensson+test@example.se', 'anna.svensson+test@example.se'],
    ['Swedish å, ä and ö are Latin and accepted', '\u00E5sa.\u00E4rlig@r\u00E4ksm\u00F6rg\u00E5s.se', '\u00E5sa.\u00E4rlig@r\u00E4ksm\u00F6rg\u00E5s.se'],
    ['Danish and Icelandic æ, ø and þ are Latin and accepted', '\u00FE\u00F3ra.\u00E6r\u00F8@d\u00E6mi.is', '\u00FE\u00F3ra.\u00E6r\u00F8@d\u00E6mi.is'],
    ['an all-Cyrillic address is accepted', '\u0410\u043D\u043D\u0430@\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444', '\u0430\u043D\u043D\u0430@\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444'],
    ['Japanese Han with kana, and Latin beside them, is accepted', '\u7530\u4E2D\u305F\u306A\u304B.tanaka@example.jp', '\u7530\u4E2D\u305F\u306A\u304B.tanaka@example.jp'],
  ];
  for (const [behaviour, raw, expected] of cases) {
    it(behaviour, () => {
      if (expected === 'email_confusable') assert.deepEqual(normalizeEmail(raw), { ok: false, error: 'email_confusable' });
      else assert.equal(accepted(raw), expected);
    });
  }

  it('gives an accepted address back unchanged when given it again, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (local, domain) => {
        const once = normalizeEmail(`${local}@${domain}.se`);
        if (once.ok) assert.deepEqual(normalizeEmail(once.value), once);
      }),
      { numRuns: 2000 },
    );
  });
});
