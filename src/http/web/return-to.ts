/**
 * Where to go after signing in: a path on PUBLIC_URL's origin, or nothing. The decision is
 * made on the parsed URL (WHATWG, as browsers parse it), never on the text: `/.//evil`,
 * `/a/..//evil` and `/%2e//evil` all normalise to `//evil`, which a browser reads as
 * another host, so the path we hand back is parsed again and must land on the same URL.
 */
export function safeReturnTo(value: unknown, publicUrl: URL): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  // Parsers drop tabs and newlines and trim spaces, so what was checked would not be what is followed.
  if ([...value].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  // A path of ours, or an absolute URL read as one on its own (`https:evil.example` is
  // evil.example, not a path here); a relative `account` would depend on the current page.
  const url = value.startsWith('/') ? parse(value, publicUrl) : parse(value);
  if (!url || url.origin !== publicUrl.origin || url.username !== '' || url.password !== '') return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The path alone must mean the same place wherever it is resolved: no `//host`, no `/\host`.
  if (!path.startsWith('/') || /^\/[/\\]/.test(path)) return undefined;
  const again = parse(path, new URL('https://elsewhere.invalid/some/page'));
  if (again?.origin !== 'https://elsewhere.invalid' || `${again.pathname}${again.search}${again.hash}` !== path) return undefined;
  return path;
}

function parse(value: string, base?: URL): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** `path?return_to=…`, or the path alone when there is nowhere to return to. */
export const withReturnTo = (path: string, returnTo: string | undefined, extra: Record<string, string> = {}): string => {
  const query = new URLSearchParams({ ...extra, ...(returnTo ? { return_to: returnTo } : {}) }).toString();
  return query ? `${path}?${query}` : path;
};
