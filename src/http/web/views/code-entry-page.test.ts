import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetUrls } from '../assets.ts';
import { anonymousContext } from '../page-context.ts';
import { codeEntryPage } from './code-entry-page.ts';

describe('the code page', () => {
  const now = Date.UTC(2026, 0, 1, 9, 0, 0); // 10:00 in Stockholm
  const page = (locale: 'sv' | 'en', resendOpensAt: number) =>
    codeEntryPage(anonymousContext(locale, assetUrls, '/sign-in/code/enter'), {
      email: 'a@example.se', maskedNumber: '+46 ••••••67', codeLength: 8, ttlSeconds: 600, resendOpensAt, now, zone: 'Europe/Stockholm',
    }).value;

  it('name the minute a new code can be asked for rounded up, never too early', () => {
    assert.match(page('sv', now + 45_000), /Du kan begära en ny kod om 45 sekunder, klockan 10:01\./);
    assert.match(page('en', now + 60_000 + 45_000), /You can ask for a new code in 2 minutes, at 10:02\./);
    // On the minute it is that minute.
    assert.match(page('sv', now + 120_000), /klockan 10:02\./);
  });
});
