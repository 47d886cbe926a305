import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * The cookies pages set, named by what they hold. Served over https they carry the
 * `__Host-` prefix, so the browser insists on Secure, Path=/ and no Domain, and no
 * sibling subdomain can plant one. Over plain http (development at http://localhost)
 * a browser refuses Secure cookies (Chromium excepts localhost, others do not), so
 * there they have a plain name and no Secure flag.
 */
export type CookieName = 'session' | 'csrf' | 'journey' | 'lang' | 'device' | 'flash';

export interface CookiePolicy {
  readonly secure: boolean;
  name(cookie: CookieName): string;
}

export const cookiePolicy = (publicUrl: URL): CookiePolicy => {
  const secure = publicUrl.protocol === 'https:';
  return { secure, name: (cookie) => (secure ? `__Host-ek_${cookie}` : `ek_${cookie}`) };
};

/** The named cookie's value, if the request carries one that is well formed. */
export function readCookie(request: { readonly headers: IncomingHttpHeaders }, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const value = pair.slice(at + 1).trim();
    // Our values are base64url (sealed ones prefixed with a key id and a dot) or short words; anything else was not set by us.
    return /^[A-Za-z0-9_.-]{1,4096}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface CookieOptions {
  /** Absent: a browser-session cookie, gone when the browser closes. */
  readonly maxAgeSeconds?: number;
}

/** HttpOnly and SameSite=Lax always: no script reads them, and cross-site POSTs do not carry them. */
export function cookieHeader(policy: CookiePolicy, cookie: CookieName, value: string, options: CookieOptions = {}): string {
  const parts = [`${policy.name(cookie)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (policy.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  return parts.join('; ');
}

export function setCookie(reply: FastifyReply, policy: CookiePolicy, cookie: CookieName, value: string, options: CookieOptions = {}): void {
  reply.header('set-cookie', cookieHeader(policy, cookie, value, options));
}

export function clearCookie(reply: FastifyReply, policy: CookiePolicy, cookie: CookieName): void {
  setCookie(reply, policy, cookie, '', { maxAgeSeconds: 0 });
}
