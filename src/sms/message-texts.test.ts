import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeCodeText, redactCodes } from './message-texts.ts';

const code = '48213907';
const local = new URL('http://localhost:3000');
const text = (overrides: Partial<Parameters<typeof composeCodeText>[0]> = {}) =>
  composeCodeText({ purpose: 'sign_in', locale: 'sv', code, ttlSeconds: 600, publicUrl: local, ...overrides });
const lastLine = (body: string) => body.split('\n').at(-1);

describe('composeCodeText', () => {
  it('writes a Swedish sign-in text with the code and its lifetime in minutes', () => {
    const body = text();
    assert.ok(body.startsWith(`Din engångskod för att logga in är ${code}. Den gäller i 10 minuter.`), body);
  });

  it('writes an English sign-in text with the code', () => {
    const body = text({ locale: 'en' });
    assert.ok(body.startsWith(`Your one-time code to sign in is ${code}. It is valid for 10 minutes.`), body);
  });

  it('writes a different text for confirming a number, in both languages, with the code', () => {
    for (const locale of ['sv', 'en'] as const) {
      const signIn = text({ locale });
      const verify = text({ locale, purpose: 'verify_phone' });
      assert.notEqual(verify, signIn);
      assert.ok(verify.split('\n')[0]?.includes(code), verify);
    }
    assert.match(text({ purpose: 'verify_phone' }), /^Din kod för att bekräfta ditt mobilnummer är 48213907\./);
    assert.match(text({ locale: 'en', purpose: 'verify_phone' }), /^Your code to confirm your mobile number is 48213907\./);
  });

  it('ends with the WebOTP line @host #code, without the port', () => {
    assert.equal(lastLine(text({ publicUrl: new URL('http://localhost:3000') })), `@localhost #${code}`);
    assert.equal(lastLine(text({ publicUrl: new URL('https://login.example.se:8443') })), `@login.example.se #${code}`);
    assert.equal(lastLine(text({ locale: 'en', purpose: 'verify_phone', publicUrl: new URL('https://login.example.se/path?q=1') })), `@login.example.se #${code}`);
  });

  it('separates the WebOTP line from the sentence by an empty line', () => {
    const lines = text().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[1], '');
  });

  it('rounds the lifetime down to whole minutes, so it never promises more time than the code has', () => {
    assert.match(text({ ttlSeconds: 300 }), /gäller i 5 minuter\./);
    assert.match(text({ ttlSeconds: 630, locale: 'en' }), /valid for 10 minutes\./);
    assert.match(text({ ttlSeconds: 119 }), /gäller i 1 minut\./);
  });

  it('uses the singular for one, in both languages', () => {
    assert.match(text({ ttlSeconds: 60 }), /gäller i 1 minut\./);
    assert.match(text({ ttlSeconds: 60, locale: 'en' }), /valid for 1 minute\./);
    assert.match(text({ ttlSeconds: 1 }), /gäller i 1 sekund\./);
  });

  it('gives seconds for a lifetime under a minute', () => {
    assert.match(text({ ttlSeconds: 45 }), /gäller i 45 sekunder\./);
    assert.match(text({ ttlSeconds: 30, locale: 'en' }), /valid for 30 seconds\./);
  });
});

describe('redactCodes', () => {
  it('blanks the code everywhere in the text, keeping the rest readable', () => {
    const body = text({ publicUrl: new URL('https://login.example.se:8443') });
    const redacted = redactCodes(body);
    assert.ok(!redacted.includes(code));
    assert.doesNotMatch(redacted, /\d{6,}/);
    assert.equal(lastLine(redacted), '@login.example.se #••••••••');
    assert.ok(redacted.startsWith('Din engångskod för att logga in är ••••••••. Den gäller i 10 minuter.'));
  });

  it('blanks codes of every allowed length, 6 to 10 digits', () => {
    for (const length of [6, 10]) {
      const digits = '9'.repeat(length);
      assert.equal(redactCodes(text({ code: digits, locale: 'en' })).includes(digits), false);
    }
  });

  it('leaves short numbers such as the lifetime alone', () => {
    assert.equal(redactCodes('valid for 10 minutes'), 'valid for 10 minutes');
  });
});
