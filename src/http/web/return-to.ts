/**
 * Where to go after signing in. Only a path on this service is accepted (`/account`,
 * `/oidc/interaction/…`): never another origin, a scheme, `//host` or `/\host` (which
 * browsers read as another host), so a link cannot send a person elsewhere once signed in.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  // Control characters and spaces are dropped by URL parsers in surprising ways.
  if ([...value].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  const base = 'https://return-to.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `path?return_to=…`, or the path alone when there is nowhere to return to. */
export const withReturnTo = (path: string, returnTo: string | undefined, extra: Record<string, string> = {}): string => {
  const query = new URLSearchParams({ ...extra, ...(returnTo ? { return_to: returnTo } : {}) }).toString();
  return query ? `${path}?${query}` : path;
};
