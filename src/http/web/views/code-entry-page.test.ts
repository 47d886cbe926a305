import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetUrls } from '../assets.ts';
import { anonymousContext } from '../page-context.ts';
import { composeCodeText } from '../../../sms/message-texts.ts';
import { codeEntryPage } from './code-entry-page.ts';

describe('the code page', () => {
  const now = Date.UTC(2026, 0, 1, 9, 0, 0); // 10:00 in Stockholm
  const page = (locale: 'sv' | 'en', resendOpensAt: number, ttlSeconds = 600) =>
    codeEntryPage(anonymousContext(locale, assetUrls, '/sign-in/code/enter'), {
      email: 'a@example.se', maskedNumber: '+46 ••••••67', codeLength: 8, ttlSeconds, resendOpensAt, now, zone: 'Europe/Stockholm',
    }).value;

  it('name the minute a new code can be asked for rounded up, never too early', () => {
    assert.match(page('sv', now + 45_000), /Du kan begära en ny kod om 45 sekunder, klockan 10:01\./);
    assert.match(page('en', now + 60_000 + 45_000), /You can ask for a new code in 2 minutes, at 10:02\./);
    // On the minute it is that minute.
    assert.match(page('sv', now + 120_000), /klockan 10:02\./);
  });

  it('say how long a code works rounded down, as its text does, never promising more', () => {
    const shown = page('sv', now + 60_000, 90);
    assert.match(shown, /Koden gäller i 1 minut och kan bara användas en gång\./);
    assert.match(shown, /koden slutar ändå att fungera efter 1 minut\./);
    assert.match(composeCodeText({ purpose: 'sign_in', code: '12345678', ttlSeconds: 90, locale: 'sv', publicUrl: new URL('https://login.example.se') }), /Den gäller i 1 minut\./);
  });
});
