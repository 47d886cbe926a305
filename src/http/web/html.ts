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

/**
 * A catalogue text with `{name}` placeholders as markup: the text and plain values are escaped,
 * `SafeHtml` values go in as they are (a number kept on one line), unknown names stay visible.
 */
export const formatHtml = (template: string, values: Readonly<Record<string, Part>>): SafeHtml =>
  new SafeHtml(escapeHtml(template).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? render(values[name] as Part) : whole)));
