import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import type { Locale } from '../../i18n/locale.ts';

export interface RegionView {
  readonly code: string;
  /** With its plus sign, as people see it beside a number: `+46`. */
  readonly callingCode: string;
  /** In the language of the request. */
  readonly name: string;
  readonly names: { readonly sv: string; readonly en: string };
}

const displayNames = {
  sv: new Intl.DisplayNames(['sv'], { type: 'region' }),
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
};

/** The offered regions in configured order, named in both languages. */
export function describeRegions(regions: readonly CountryCode[], locale: Locale): RegionView[] {
  return regions.map((code) => {
    const names = { sv: displayNames.sv.of(code) ?? code, en: displayNames.en.of(code) ?? code };
    return { code, callingCode: `+${getCountryCallingCode(code)}`, name: names[locale], names };
  });
}
