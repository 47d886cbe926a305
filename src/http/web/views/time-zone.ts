import type { Locale } from '../../../i18n/locale.ts';

/** Only the page's language is needed (not the whole page context, which depends on this file). */
type PageContext = { readonly locale: Locale };

// The zone people in each region live by (one per region; the regions with several, such as
// Spain's Canary Islands, get their capital's). The script re-renders every <time> in the
// browser's own zone where it runs; this is what a page says without it.
const zones: Readonly<Record<string, string>> = {
  SE: 'Europe/Stockholm', NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki', IS: 'Atlantic/Reykjavik',
  AX: 'Europe/Mariehamn', FO: 'Atlantic/Faroe', GL: 'America/Nuuk', EE: 'Europe/Tallinn', LV: 'Europe/Riga',
  LT: 'Europe/Vilnius', DE: 'Europe/Berlin', PL: 'Europe/Warsaw', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels',
  FR: 'Europe/Paris', ES: 'Europe/Madrid', IT: 'Europe/Rome', AT: 'Europe/Vienna', CH: 'Europe/Zurich',
  GB: 'Europe/London', IE: 'Europe/Dublin', PT: 'Europe/Lisbon', US: 'America/New_York',
};

/** The default when nothing tells the person's region: the service's home. */
export const DEFAULT_ZONE = 'Europe/Stockholm';

export const zoneOfRegion = (region: string | undefined): string => (region ? zones[region.toUpperCase()] : undefined) ?? DEFAULT_ZONE;

const localeTag = (ctx: PageContext) => (ctx.locale === 'sv' ? 'sv-SE' : 'en-GB');

/** "5 dec. 2026 15:32", in the given zone. */
export const formatDateTime = (ctx: PageContext, ms: number, zone: string): string =>
  new Intl.DateTimeFormat(localeTag(ctx), { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(ms);

export const formatDate = (ctx: PageContext, ms: number, zone: string): string =>
  new Intl.DateTimeFormat(localeTag(ctx), { dateStyle: 'medium', timeZone: zone }).format(ms);

/** "15:32", in the given zone. */
export const formatTime = (ctx: PageContext, ms: number, zone: string): string =>
  new Intl.DateTimeFormat(localeTag(ctx), { timeStyle: 'short', timeZone: zone }).format(ms);
