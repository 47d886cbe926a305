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
  const validity = describeValidity(input.ttlSeconds, input.locale);
  return `${format(template, { code: input.code, validity })}\n\n@${input.publicUrl.hostname} #${input.code}`;
}

/** Whole minutes, rounded down so a text never promises more time than the code has; seconds under a minute. */
function describeValidity(ttlSeconds: number, locale: Locale): string {
  const units = messages(locale).sms;
  const [n, forms] = ttlSeconds >= 60 ? [Math.floor(ttlSeconds / 60), units.minutes] : [ttlSeconds, units.seconds];
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? forms.one : forms.other;
  return format(form, { n });
}

/**
 * What the outbox keeps once a text has left: the same text with the code blanked, so
 * operators can read what was sent without the database holding usable codes.
 */
export const redactCodes = (body: string): string => body.replace(/\d{6,10}/g, (digits) => '•'.repeat(digits.length));
