const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Everything put into a page goes through here: no markup from data, ever. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => entities[c] ?? c);

/** Markup that is already safe: made by `html` from escaped parts, never from raw data. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | false | null | undefined | readonly Part[];

const render = (part: Part): string => {
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === false || part === null || part === undefined) return '';
  return escapeHtml(String(part));
};

/**
 * The only way pages are written: every interpolated value is escaped unless it is itself
 * `SafeHtml`; `false`, `null` and `undefined` render as nothing, so `${cond && html`…`}` reads.
 */
export const html = (strings: TemplateStringsArray, ...values: readonly Part[]): SafeHtml =>
  new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i] as Part) : ''), ''));
