/**
 * A browser without a browser, over real HTTP (fetch): keeps cookies by name across hosts
 * and paths (enough for one service on localhost), follows redirects and the refresh of the
 * page that hands back to a website, and fills in a page's CSRF token when it posts a form.
 */
export interface Loaded {
  readonly url: string;
  readonly status: number;
  readonly body: string;
}

export function httpBrowser(options: { acceptLanguage?: string } = {}) {
  const jar = new Map<string, string>();
  // Cookies with Max-Age or Expires outlive the browser session; the rest go on restart().
  const lasting = new Set<string>();

  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === '') jar.delete(name);
      else jar.set(name, value);
      if (/;\s*(max-age|expires)=/i.test(cookie)) lasting.add(name);
      else lasting.delete(name);
    }
  };

  const request = async (url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { accept: 'text/html', ...(options.acceptLanguage ? { 'accept-language': options.acceptLanguage } : {}), ...init.headers };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    remember(response);
    return response;
  };

  const browser = {
    jar,
    /** Closes and opens the browser again: only cookies meant to outlast it ("keep me signed in") stay. */
    restart(): void {
      for (const name of [...jar.keys()]) if (!lasting.has(name)) jar.delete(name);
    },
    /**
     * Goes to `url` and follows redirects and meta refreshes until a page answers, or until
     * the next hop would leave for `stopAt` (a website's callback), which is returned unvisited.
     */
    async go(url: string, stopAt?: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Loaded> {
      let current = url;
      let response = await request(current, init);
      for (let hops = 0; hops < 20; hops++) {
        const location = response.headers.get('location');
        let next: string | undefined;
        if (response.status >= 300 && response.status < 400 && location) next = new URL(location, current).href;
        const body = next ? '' : await response.text();
        const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(body)?.[1];
        if (!next && refresh) next = new URL(refresh.replaceAll('&amp;', '&'), current).href;
        if (!next) return { url: current, status: response.status, body };
        if (stopAt && next.startsWith(stopAt)) return { url: next, status: 0, body: '' };
        current = next;
        response = await request(current);
      }
      throw new Error(`too many redirects from ${url}`);
    },
    /**
     * Posts the form on `page` whose action is `action` as a browser would: its hidden inputs
     * (CSRF token, return_to …) and the typed `fields`, then follows on.
     */
    async submit(page: Loaded, action: string, fields: Record<string, string>, stopAt?: string): Promise<Loaded> {
      const form = [...page.body.matchAll(/<form [^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[1] === action)?.[2] ?? '';
      const hidden = Object.fromEntries(
        [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1] ?? '', (m[2] ?? '').replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"')]),
      );
      const body = new URLSearchParams({ ...hidden, ...fields }).toString();
      const target = new URL(action.replaceAll('&amp;', '&'), page.url);
      return browser.go(target.href, stopAt, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin },
      });
    },
  };
  return browser;
}
