/**
 * Reads the named text fields of a submitted form. A field that is missing counts as empty;
 * one that is repeated (an array) or longer than its ceiling makes the form unreadable
 * (undefined), so no handler sees megabytes where a name belongs.
 */
export function readForm<const F extends string>(body: unknown, fields: Readonly<Record<F, number>>): Record<F, string> | undefined {
  const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const out = {} as Record<F, string>;
  for (const [name, max] of Object.entries(fields) as [F, number][]) {
    const value = Object.hasOwn(source, name) ? source[name] : '';
    if (typeof value !== 'string' || value.length > max) return undefined;
    out[name] = value;
  }
  return out;
}
