import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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

  it('composes decomposed letters (NFC), so å typed either way is the same address', () => {
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
});
