import type { CodePurpose, MailOnlyPurpose } from '../domain/sign-in/code-store.ts';
import type { Locale } from '../i18n/locale.ts';
import type { NoticeText } from '../domain/code-delivery/text-queue.ts';
import { format, messages } from '../i18n/messages.ts';
import type { TextTemplates } from '../config/sms-config.ts';
import { keepWhole } from './segments.ts';

/**
 * A short sentence with the code, then, as the last line, the WebOTP binding
 * `@host #code` so a phone can offer to fill the code in on that site only.
 * The hostname is PUBLIC_URL's, without port, as the WebOTP format requires.
 */
/** The purposes a code goes by text for (an address is proven by mail only). */
export type TextCodePurpose = Exclude<CodePurpose, MailOnlyPurpose>;

export function composeCodeText(input: {
  purpose: TextCodePurpose;
  locale: Locale;
  code: string;
  /** The text that uses up the day's allowance says so: the holder learns of the limit, no one else. */
  lastToday?: boolean;
  ttlSeconds: number;
  publicUrl: URL;
  templates?: TextTemplates;
}): string {
  const catalogue = messages(input.locale).sms;
  const builtIn = { sign_in: catalogue.signIn, verify_phone: catalogue.verifyPhone, reset_password: catalogue.resetPassword }[input.purpose];
  const configured = input.purpose === 'reset_password' ? undefined : input.templates?.[input.purpose]?.[input.locale];
  const template = configured ?? builtIn;
  const validity = describeValidity(input.ttlSeconds, input.locale);
  const webOtp = `@${input.publicUrl.hostname} #${input.code}`;
  // A long (operator-written) text is sent in parts: neither the code nor the WebOTP line may be cut.
  const sentence = format(template, { code: input.code, validity });
  const body = input.lastToday ? `${sentence} ${catalogue.lastToday}` : sentence;
  return keepWhole(`${body}\n\n${webOtp}`, [webOtp, input.code]);
}

// Built once: constructing Intl.PluralRules costs more than composing the whole text.
const pluralRules: Record<Locale, Intl.PluralRules> = { sv: new Intl.PluralRules('sv'), en: new Intl.PluralRules('en') };

/** Whole minutes, rounded down so a text never promises more time than the code has; seconds under a minute. */
export function describeValidity(ttlSeconds: number, locale: Locale): string {
  const units = messages(locale).sms;
  const [n, forms] = ttlSeconds >= 60 ? [Math.floor(ttlSeconds / 60), units.minutes] : [ttlSeconds, units.seconds];
  const form = pluralRules[locale].select(n) === 'one' ? forms.one : forms.other;
  return format(form, { n });
}

/**
 * What the outbox keeps once a text has left: the same text with the code blanked, so
 * operators can read what was sent without the database holding usable codes.
 */
export const redactCodes = (body: string): string => body.replace(/\d{6,10}/g, (digits) => '•'.repeat(digits.length));

/** A notice without a code (and so without the WebOTP line): a number added or removed, the password or address changed, a new browser. */
export function composeNoticeText(input: NoticeText): string {
  const catalogue = messages(input.locale).sms;
  switch (input.kind) {
    case 'phone_added':
      return format(catalogue.phoneAdded, { digits: input.lastDigits });
    case 'phone_removed':
      return format(catalogue.phoneRemoved, { digits: input.lastDigits });
    case 'password_changed':
      return catalogue.passwordChanged;
    case 'email_changed':
      return catalogue.emailChanged;
    case 'new_browser':
      return format(catalogue.newBrowser, { browser: input.browser ?? catalogue.unknownBrowser });
    case 'account_deleted':
      return catalogue.accountDeleted;
    case 'passkey_added':
      return catalogue.passkeyAdded;
    case 'passkey_removed':
      return catalogue.passkeyRemoved;
  }
}
