import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeToLetters } from '../domain/accounts/link-code.ts';
import type { MailMessage } from '../domain/code-delivery/mail-queue.ts';
import { locales } from '../i18n/locale.ts';
import { composeMail, redactMailCodes } from './message-mails.ts';

const publicUrl = new URL('https://login.example.se/');
const context = { publicUrl, ttlSeconds: 600 };
const code = '04718256';
const codeMail = (kind: 'verify_email' | 'password_reset' | 'change_email', locale: 'sv' | 'en', to = 'anna.123456@example.se'): MailMessage => ({ kind, code, codeId: 'c1', expiresAt: 0, to, locale });
const everyKind = (locale: 'sv' | 'en'): MailMessage[] => [
  codeMail('verify_email', locale),
  { kind: 'sign_up_attempt', to: 'anna@example.se', locale },
  codeMail('password_reset', locale),
  { kind: 'password_changed', to: 'anna@example.se', locale },
  { kind: 'phone_added', lastDigits: '4567', to: 'anna@example.se', locale },
  { kind: 'phone_removed', lastDigits: '4567', to: 'anna@example.se', locale },
  { kind: 'new_browser', browser: 'Firefox 133 on Linux', ip: '192.0.2.7', to: 'anna@example.se', locale },
  { kind: 'new_browser', browser: null, ip: null, to: 'anna@example.se', locale },
  codeMail('change_email', locale),
  { kind: 'email_change_attempt', to: 'anna@example.se', locale },
  { kind: 'email_changed', undoToken: 'bcdfghjkmnbcdfghjkmn', undoDays: 7, to: 'anna@example.se', locale },
];

describe('composing mails', () => {
  it('writes the confirmation mail in Swedish: subject, the code, how long it works, the link, and what to do if it was not you', () => {
    const { subject, text } = composeMail(codeMail('verify_email', 'sv'), context);
    assert.equal(subject, 'Bekräfta din e-postadress');
    assert.match(text, /\n04718256\n/);
    assert.match(text, /gäller i 10 minuter/);
    assert.match(text, /bortse från det här mejlet/);
    assert.match(text, /Engångskod\n$/);
  });

  it('writes the confirmation mail in English', () => {
    const { subject, text } = composeMail(codeMail('verify_email', 'en'), context);
    assert.equal(subject, 'Confirm your email address');
    assert.match(text, /valid for 10 minutes/);
    assert.match(text, /If you did not ask to create an account, you can ignore this mail\./);
  });

  it('links to verify-email with the address and the code spelled in letters, which lead back to the same address', () => {
    const { text } = composeMail(codeMail('verify_email', 'en'), context);
    const link = text.match(/https:\/\/\S+/)?.[0];
    assert.ok(link);
    const url = new URL(link);
    assert.equal(url.origin + url.pathname, 'https://login.example.se/verify-email');
    assert.equal(url.searchParams.get('email'), 'anna.123456@example.se');
    assert.equal(url.searchParams.get('code'), codeToLetters(code));
  });

  it('puts the code in as the only run of six or more digits, in every language, even when the address has digits', () => {
    for (const locale of locales) {
      for (const kind of ['verify_email', 'password_reset', 'change_email'] as const) {
        const { subject, text } = composeMail(codeMail(kind, locale, '12345678@example.se'), { publicUrl, ttlSeconds: 900 });
        assert.deepEqual(`${subject}\n${text}`.match(/\d{6,}/g), [code], `${kind} ${locale}`);
      }
    }
  });

  it('tells the holder of a taken address that someone tried to sign up, with the sign-in and forgotten-password links', () => {
    for (const locale of locales) {
      const { text } = composeMail({ kind: 'sign_up_attempt', to: 'anna@example.se', locale }, context);
      assert.ok(text.includes('https://login.example.se/sign-in\n'), locale);
      assert.ok(text.includes('https://login.example.se/forgot-password\n'), locale);
    }
    assert.match(composeMail({ kind: 'sign_up_attempt', to: 'anna@example.se', locale: 'sv' }, context).text, /Ingenting har ändrats/);
    assert.match(composeMail({ kind: 'sign_up_attempt', to: 'anna@example.se', locale: 'en' }, context).text, /Nothing has changed/);
  });

  it('sends a password reset code with no link, saying the password is unchanged if it was not asked for', () => {
    const sv = composeMail(codeMail('password_reset', 'sv'), context);
    assert.match(sv.text, /Ditt lösenord är oförändrat/);
    const en = composeMail(codeMail('password_reset', 'en'), context);
    assert.match(en.text, /Your password is unchanged/);
    assert.doesNotMatch(`${sv.text}${en.text}`, /https?:/);
  });

  it('tells of a changed password with the link to choose a new one', () => {
    for (const locale of locales) assert.ok(composeMail({ kind: 'password_changed', to: 'anna@example.se', locale }, context).text.includes('https://login.example.se/forgot-password'), locale);
  });

  it('tells the old address of an email change how long its undo link works, and blanks the link’s token once redacted', () => {
    for (const locale of locales) {
      const { text } = composeMail({ kind: 'email_changed', undoToken: 'bcdfghjkmnbcdfghjkmn', undoDays: 7, to: 'anna@example.se', locale }, context);
      assert.ok(text.includes('https://login.example.se/account/email/undo?code=bcdfghjkmnbcdfghjkmn\n'), locale);
      assert.match(text, /7 (dagar|days)/);
      assert.ok(!redactMailCodes(text).includes('bcdfghjkmnbcdfghjkmn'), 'the outbox keeps no usable token');
    }
  });

  it('names the new browser and its address in a sign-in notice, and says so when the browser did not', () => {
    assert.match(composeMail({ kind: 'new_browser', browser: 'Firefox 133 på Linux', ip: '192.0.2.7', to: 'a@example.se', locale: 'sv' }, context).text, /Firefox 133 på Linux\nIP-adress: 192\.0\.2\.7/);
    assert.match(composeMail({ kind: 'new_browser', browser: null, ip: null, to: 'a@example.se', locale: 'en' }, context).text, /unknown browser/);
  });

  it('follows PUBLIC_URL with a path and no trailing slash', () => {
    const { text } = composeMail({ kind: 'password_changed', to: 'anna@example.se', locale: 'en' }, { publicUrl: new URL('https://example.se/auth'), ttlSeconds: 600 });
    assert.ok(text.includes('https://example.se/auth/forgot-password'));
  });

  it('names no one but the product, and every kind has a subject and a text in both languages', () => {
    for (const locale of locales) {
      for (const mail of everyKind(locale)) {
        const { subject, text } = composeMail(mail, context);
        assert.ok(subject.length > 0 && text.length > 0);
        assert.doesNotMatch(subject + text, /\{\w+\}/, 'every placeholder filled');
      }
    }
  });

  it('keeps no code once redacted: neither the digits nor the link’s letters', () => {
    const { text } = composeMail(codeMail('verify_email', 'sv'), context);
    const redacted = redactMailCodes(text);
    assert.doesNotMatch(redacted, /04718256/);
    assert.ok(!redacted.includes(codeToLetters(code)));
    assert.match(redacted, /code=•{8}/);
    assert.ok(redacted.includes('email=anna.%31%32%33%34%35%36%40example.se'), 'the address stays');
  });
});
