import type { Locale } from './locale.ts';
import { sv } from './sv.ts';
import { en } from './en.ts';
import type { Catalogue } from './catalogue.ts';

export type { Catalogue } from './catalogue.ts';

export const catalogues: Readonly<Record<Locale, Catalogue>> = { sv, en };

export const messages = (locale: Locale): Catalogue => catalogues[locale];

/** Fills `{name}` placeholders; unknown names stay visible rather than vanish. */
export const format = (template: string, values: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
