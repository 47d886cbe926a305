import type { RegionView } from '../../../domain/security-info/regions.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../page-context.ts';
import { input, select, type FieldErrors } from './components.ts';

/**
 * The place the number is registered in (only the offered regions, with their calling codes)
 * and the number itself: one definition for asking for a code and for adding a number, so
 * both parse and label a number the same way.
 */
export function mobileNumberFields(
  ctx: PageContext,
  errors: FieldErrors,
  v: {
    regions: readonly RegionView[];
    region?: string;
    number?: string;
    regionLabel: string;
    regionHint?: string;
    numberLabel: string;
    numberHint: string;
  },
): SafeHtml {
  return html`
  ${select(ctx, errors, {
    id: 'region',
    label: v.regionLabel,
    ...(v.regionHint === undefined ? {} : { hint: v.regionHint }),
    value: v.region,
    options: v.regions.map((r) => ({ value: r.code, label: `${r.name} (${r.callingCode})` })),
  })}
  ${input(ctx, errors, { id: 'number', label: v.numberLabel, hint: v.numberHint, type: 'tel', value: v.number, autocomplete: 'tel-national', inputmode: 'tel' })}`;
}
