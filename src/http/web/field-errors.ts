import { otherCountryOf, type PhoneNumberError } from '../../domain/security-info/phone-number.ts';
import { format } from '../../i18n/messages.ts';
import type { ProblemCode } from '../problems.ts';
import type { PageContext } from './page-context.ts';
import type { FieldError } from './views/components.ts';

/**
 * Problems whose `detail` speaks to API clients (a Retry-After header, a JSON member, an API
 * call): a page words these itself (its own message, the wait in words and clock time).
 */
type ApiOnlyProblem = 'rate_limited' | 'resend_too_soon' | 'proof_of_work_required' | 'email_unverified' | 'unsupported_media_type';
export type FieldProblem = Exclude<ProblemCode, ApiOnlyProblem>;

/**
 * A domain failure as an error on the field it is about, worded by the same catalogue entry
 * as the API's problem `detail`, so pages and API never say different things.
 */
export function fieldError(ctx: PageContext, code: FieldProblem, fields: Partial<Record<FieldProblem, string>>, fallback: string): FieldError {
  return { field: fields[code] ?? fallback, message: ctx.problems[code].detail };
}

/**
 * A refused mobile number, said so the person can fix it: an empty box asks for the number, and
 * a valid number of another country than the chosen one is named as such ("looks like a number
 * from Germany"), with whether that country is offered, rather than only "not a valid number".
 */
export function numberFieldError(ctx: PageContext, code: PhoneNumberError, region: string, number: string, offered: readonly string[]): FieldError {
  if (code === 'region_unsupported') return fieldError(ctx, code, { region_unsupported: 'region' }, 'number');
  if (number.trim() === '') return { field: 'number', message: ctx.t.common.numberMissing };
  const country = otherCountryOf(region, number);
  if (!country) return fieldError(ctx, code, {}, 'number');
  const names = new Intl.DisplayNames([ctx.locale], { type: 'region' });
  const name = names.of(country) ?? country;
  const chosen = names.of(region.trim().toUpperCase()) ?? region;
  const message = offered.includes(country) ? ctx.t.common.numberFromOffered : ctx.t.common.numberFromElsewhere;
  return { field: 'number', message: format(message, { country: name, chosen }) };
}
