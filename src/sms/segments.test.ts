import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeGsm7, encodeGsm7, fitsGsm7 } from './gsm7.ts';
import { composeCodeText } from './message-texts.ts';
import { encodingFor, keepWhole, splitSegments } from './segments.ts';

const code = '48213907';
const webOtp = `@login.example.se #${code}`;

describe('GSM-7', () => {
  it('takes Swedish letters and the extension characters, but not an en dash or an emoji', () => {
    assert.equal(fitsGsm7('Din kod är 1234 – Åsa'), false);
    assert.equal(fitsGsm7('Din kod är 1234, Åsa & Örjan: {€} [ok] ~ ^ | \\'), true);
    assert.equal(fitsGsm7('kod 😀'), false);
  });

  it('encodes one septet per character and two for extension characters, and decodes back', () => {
    const text = 'Hej Åsa! {€}\n@x #1';
    const bytes = encodeGsm7(text);
    assert.equal(bytes.length, [...text].length + 3);
    assert.equal(bytes[4], 0x0e, 'Å is 0x0E');
    assert.equal(decodeGsm7(bytes), text);
  });
});

describe('splitting long texts', () => {
  it('keeps a text of up to 160 GSM-7 characters or 70 UCS-2 ones in one part', () => {
    assert.deepEqual(splitSegments('a'.repeat(160)), ['a'.repeat(160)]);
    assert.equal(splitSegments('a'.repeat(161)).length, 2);
    assert.equal(encodingFor('–'.repeat(70)), 'ucs2');
    assert.equal(splitSegments('–'.repeat(70)).length, 1);
    assert.deepEqual(splitSegments('–'.repeat(71)).map((part) => part.length), [67, 4]);
  });

  it('counts an extension character as two septets and never splits its escape', () => {
    const parts = splitSegments(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    assert.deepEqual(parts.map((part) => part.length), [152, 11]);
  });

  it('pads a long text so that neither the code nor the WebOTP line is cut between parts', () => {
    for (let lead = 130; lead < 160; lead++) {
      const text = keepWhole(`${'x'.repeat(lead)} Din kod är ${code}. ${'y'.repeat(120)}\n\n${webOtp}`, [webOtp, code]);
      const parts = splitSegments(text);
      const withDigits = parts.filter((part) => /\d/.test(part.replace('login', '')));
      for (const part of withDigits) assert.ok(!/^\d{1,7}(?!\d)|(?<!\d)\d{1,7}$/.test(part), `code cut at lead ${lead}: ${JSON.stringify(parts)}`);
      assert.ok(parts.some((part) => part.includes(`Din kod är ${code}`) || part.includes(code)));
      assert.ok(parts.at(-1)?.endsWith(webOtp), 'the WebOTP line whole, in the last part');
    }
  });

  it('leaves a text that fits in one SMS unchanged', () => {
    const text = `Din kod är ${code}.\n\n${webOtp}`;
    assert.equal(keepWhole(text, [webOtp, code]), text);
  });
});

describe('operator templates', () => {
  const base = { purpose: 'sign_in' as const, code, ttlSeconds: 600, publicUrl: new URL('https://login.example.se') };

  it('uses the operator’s wording for its language and purpose, and the built-in text elsewhere', () => {
    const templates = { sign_in: { sv: 'Logga in med {code} inom {validity}.' } };
    assert.equal(composeCodeText({ ...base, locale: 'sv', templates }), `Logga in med ${code} inom 10 minuter.\n\n${webOtp}`);
    assert.match(composeCodeText({ ...base, locale: 'en', templates }), /^Your one-time code to sign in is 48213907\./);
    assert.match(composeCodeText({ ...base, purpose: 'verify_phone', locale: 'sv', templates }), /^Din kod för att bekräfta/);
  });

  it('always ends with the WebOTP line, even when the operator’s text is long', () => {
    const templates = { sign_in: { sv: `${'Mycket lång text. '.repeat(12)}Koden är {code}.` } };
    const text = composeCodeText({ ...base, locale: 'sv', templates });
    assert.ok(text.endsWith(`\n\n${webOtp}`));
    assert.ok(splitSegments(text).at(-1)?.endsWith(webOtp));
  });
});
