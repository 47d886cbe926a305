import type { CodePurpose } from '../domain/sign-in/code-store.ts';
import type { Locale } from '../i18n/locale.ts';
import { format, messages } from '../i18n/messages.ts';

/**
 * A short sentence with the code, then, as the last line, the WebOTP binding
 * `@host #code` so a phone can offer to fill the code in on that site only.
 * The hostname is PUBLIC_URL's, without port, as the WebOTP format requires.
 */
export function composeCodeText(input: {
  purpose: CodePurpose;
  locale: Locale;
  code: string;
  ttlSeconds: number;
  publicUrl: URL;
}): string {
  const catalogue = messages(input.locale).sms;
  const template = input.purpose === 'sign_in' ? catalogue.signIn : catalogue.verifyPhone;
  const minutes = Math.max(1, Math.round(input.ttlSeconds / 60));
  return `${format(template, { code: input.code, minutes })}\n\n@${input.publicUrl.hostname} #${input.code}`;
}

/**
 * What the outbox keeps once a text has left: the same text with the code blanked, so
 * operators can read what was sent without the database holding usable codes.
 */
export const redactCodes = (body: string): string => body.replace(/\d{6,10}/g, (digits) => '•'.repeat(digits.length));
