import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { format } from '../../../i18n/messages.ts';
import { describeValidity } from '../../../sms/message-texts.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { formatDate, formatTime } from './time-zone.ts';

/** `+46 70 123 45 67`, as people write the number, for display only. */
export const displayNumber = (e164: string): string => parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;

/**
 * Text read as one unit (a phone number, an IP address): a line may break before or after it,
 * never inside, so "+46 70 123 / 45 02" cannot happen at 320 px. A span, not no-break spaces,
 * so the text itself (and what is copied from it) keeps ordinary spaces.
 */
export const unbroken = (text: string): SafeHtml => html`<span class="nowrap">${text}</span>`;

/** A number on a page, as people write it and on one line. */
export const phoneNumber = (e164: string): SafeHtml => unbroken(displayNumber(e164));

/**
 * The number a code was asked for, with all but its calling code and last two digits hidden:
 * the person knows which one they typed, and the next person at a public computer need not.
 */
export function maskedNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return '••';
  const national = parsed.nationalNumber;
  return `+${parsed.countryCallingCode}\u00a0${'•'.repeat(Math.max(0, national.length - 2))}${national.slice(-2)}`;
}

const plural = (ctx: PageContext, n: number, forms: { one: string; other: string }) =>
  format(new Intl.PluralRules(ctx.locale).select(n) === 'one' ? forms.one : forms.other, { n });

/**
 * "45 sekunder", "3 timmar och 12 minuter": rounded up (to whole seconds under a minute, else to
 * whole minutes), so the time given is never too early.
 */
export function describeWait(ctx: PageContext, seconds: number): string {
  if (seconds < 60) return plural(ctx, Math.max(1, Math.ceil(seconds)), ctx.t.common.seconds);
  const totalMinutes = Math.max(1, Math.ceil(seconds / 60));
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const c = ctx.t.common;
  if (hours === 0) return plural(ctx, minutes, c.minutes);
  if (minutes === 0) return plural(ctx, hours, c.hours);
  return format(c.hoursAndMinutes, { hours: plural(ctx, hours, c.hours), minutes: plural(ctx, minutes, c.minutes) });
}

/**
 * How long a code works, in the words its text and mail use: rounded down, so a page never
 * promises more time than the code has, nor says other than the text.
 */
export const describeCodeLife = (ctx: PageContext, seconds: number): string => describeValidity(seconds, ctx.locale);

export const tryAgainIn = (ctx: PageContext, seconds: number | undefined): string =>
  format(ctx.t.common.tryAgainIn, { duration: describeWait(ctx, seconds ?? 60) });

/**
 * The minute to name for something that opens at `ms`: rounded up, so a clock time said for
 * "you may … again at" is never too early (10:00:45 is said as 10:01).
 */
export const openingMinute = (ms: number): number => Math.ceil(ms / 60_000) * 60_000;

/**
 * "Du kan försöka igen om 1 timme, klockan 11:00": the wait in words and as a time of day in
 * `zone`, with the date when that is another day there. Pages say this past a limit instead of
 * the API's "Retry-After", which a person cannot see. The time is rounded up to the minute, so it
 * is never too early; a wait under a minute is said in seconds alone.
 */
export function tryAgainAt(ctx: PageContext, seconds: number, now: number, zone: string): string {
  if (seconds < 60) return tryAgainIn(ctx, seconds);
  const at = openingMinute(now + seconds * 1000);
  const values = { duration: describeWait(ctx, seconds), time: formatTime(ctx, at, zone), date: formatDate(ctx, at, zone) };
  return format(values.date === formatDate(ctx, now, zone) ? ctx.t.common.tryAgainAt : ctx.t.common.tryAgainOn, values);
}
