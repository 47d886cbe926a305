import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { err, ok, type Result } from '../../lib/result.ts';
import { hasControlCharacters } from '../accounts/text-input.ts';

export type PhoneNumberError = 'region_unsupported' | 'number_invalid';

export interface MobileNumber {
  readonly region: CountryCode;
  readonly e164: string;
}

// Numbers that can receive a text. FIXED_LINE_OR_MOBILE is needed for regions such as
// Denmark, where the numbering plan does not tell mobile and fixed lines apart.
const textable = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

// What people type in a number: digits, a leading plus, and the usual separators. The parser
// would otherwise quietly drop trailing text ("070 123 45 67 abc"), storing another number
// than the one typed.
const dialable = /^\+?[\d\s().\-/]+$/u;

/**
 * Parses what a person typed (national `070-123 45 67` or international `+46 70 123 45 67`)
 * for the region they chose. A number that belongs to another region than the chosen one is
 * refused rather than silently moved, so the region list means what it says.
 */
export function parseMobileNumber(
  region: string,
  input: string,
  offered: readonly string[],
): Result<MobileNumber, PhoneNumberError> {
  const code = region.trim().toUpperCase();
  if (!offered.includes(code)) return err('region_unsupported');
  if (input.length > 40 || hasControlCharacters(input) || !dialable.test(input)) return err('number_invalid');
  const parsed = parsePhoneNumberFromString(input, code as CountryCode);
  // An extension cannot receive a text; dropping it silently would store another number than typed.
  if (!parsed || parsed.country !== code || !parsed.isValid() || parsed.ext) return err('number_invalid');
  const type = parsed.getType();
  if (type === undefined || !textable.has(type)) return err('number_invalid');
  return ok({ region: code as CountryCode, e164: parsed.number });
}

/**
 * The country a refused number belongs to, when it is a valid number of another country than
 * the one chosen (`+49 151…` with Sweden chosen): so a page can say what it looks like and
 * whether that country is offered, rather than only that the number is invalid.
 */
export function otherCountryOf(region: string, input: string): CountryCode | undefined {
  if (input.length > 40 || hasControlCharacters(input) || !dialable.test(input)) return undefined;
  const code = region.trim().toUpperCase();
  const parsed = parsePhoneNumberFromString(input, (/^[A-Z]{2}$/u.test(code) ? code : 'SE') as CountryCode);
  if (!parsed?.country || parsed.country === code || !parsed.isValid()) return undefined;
  return parsed.country;
}
