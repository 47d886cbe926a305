import type { TestApp } from './test-app.ts';

export interface PageReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
  readonly location: string | undefined;
  readonly setCookies: readonly string[];
}

/**
 * A browser without a browser, over Fastify's inject: keeps cookies as a browser would (by
 * name, dropped at Max-Age=0), sends the Origin of PUBLIC_URL with form POSTs, and fills
 * in the CSRF token of the page it last loaded.
 */
export function pageClient(t: TestApp, options: { origin?: string; acceptLanguage?: string } = {}) {
  const origin = options.origin ?? t.app.config.publicUrl.origin;
  const jar = new Map<string, string>();
  let lastToken: string | undefined;

  const remember = (setCookie: string | string[] | undefined): string[] => {
    const list = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
    for (const cookie of list) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0/i.test(cookie) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return list;
  };

  const send = async (method: 'GET' | 'POST', url: string, extra: { headers?: Record<string, string>; payload?: string } = {}): Promise<PageReply> => {
    // Host as a browser at PUBLIC_URL sends it: pages asked for at another host are redirected there.
    const headers: Record<string, string> = { host: t.app.config.publicUrl.host, accept: 'text/html', ...(options.acceptLanguage ? { 'accept-language': options.acceptLanguage } : {}) };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await t.app.server.inject({ method, url, headers: { ...headers, ...extra.headers }, ...(extra.payload !== undefined ? { payload: extra.payload } : {}) });
    const setCookies = remember(response.headers['set-cookie'] as string | string[] | undefined);
    const token = /name="csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) lastToken = token;
    const location = response.headers.location as string | undefined;
    return { status: response.statusCode, headers: response.headers, body: response.body, location, setCookies };
  };

  const client = {
    jar,
    get: (url: string, headers: Record<string, string> = {}) => send('GET', url, { headers }),
    /** A form POST as the page would send it; `csrf` and `origin` may be overridden to forge one. */
    post: (url: string, fields: Record<string, string>, o: { csrf?: string | null; origin?: string | null; headers?: Record<string, string> } = {}) => {
      const body = new URLSearchParams(fields);
      const token = o.csrf === undefined ? lastToken : o.csrf;
      if (token !== null && token !== undefined) body.set('csrf', token);
      const from = o.origin === undefined ? origin : o.origin;
      return send('POST', url, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(from !== null ? { origin: from } : {}), ...o.headers },
        payload: body.toString(),
      });
    },
    /** Post/Redirect/Get: the page a 303 leads to (forms that fail redirect too), else the reply itself. */
    follow: (reply: PageReply): Promise<PageReply> =>
      reply.status === 303 && reply.location ? send('GET', reply.location) : Promise.resolve(reply),
    /** Loads a page (for its token and cookies), then posts its form. */
    async submit(page: string, action: string, fields: Record<string, string>) {
      await client.get(page);
      return client.post(action, fields);
    },
  };
  return client;
}
