export const locales = ['sv', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'sv';

/**
 * Picks the supported language a client ranks highest in Accept-Language (RFC 9110 §12.5.4),
 * matching on the primary subtag (`en-GB` → `en`); Swedish when nothing matches.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return defaultLocale;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.slice(0, 500).split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    const locale = locales.find((l) => l === primary);
    if (locale && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? defaultLocale;
}

/**
 * The first supported language of an OpenID Connect `ui_locales` value (space-separated
 * tags in order of preference: `en-GB sv`), or undefined when none is supported.
 */
export function uiLocale(uiLocales: unknown): Locale | undefined {
  if (typeof uiLocales !== 'string') return undefined;
  for (const tag of uiLocales.slice(0, 200).split(' ')) {
    const primary = tag.trim().toLowerCase().split('-')[0];
    const locale = locales.find((l) => l === primary);
    if (locale) return locale;
  }
  return undefined;
}
