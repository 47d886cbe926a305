import type { FastifyReply } from 'fastify';
import type { SafeHtml } from './html.ts';

/**
 * Headers every page carries. Scripts and styles come only from our own files (no inline
 * code, so an injected `<script>` cannot run), nothing may frame the pages (clickjacking),
 * forms post only to us (and to the website a sign-out goes back to), and no page is stored by any cache: they hold personal data and
 * CSRF tokens, and a shared computer's back button must not show an account after sign-out.
 */
export function pageHeaderValues(secure: boolean, formTargets: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action ${["'self'", ...formTargets].join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    // same-origin keeps our own POSTs' Origin header (CSRF check) and leaks no path elsewhere.
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cache-control': 'no-store',
    vary: 'cookie, accept-language',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

export function pageHeaders(reply: FastifyReply, secure: boolean): FastifyReply {
  return reply.headers(pageHeaderValues(secure));
}

export function sendPage(reply: FastifyReply, secure: boolean, page: SafeHtml, status = 200): FastifyReply {
  return pageHeaders(reply, secure).code(status).type('text/html; charset=utf-8').send(page.value);
}

/** After a successful POST: the browser GETs the next page, so reloading it posts nothing again. */
export const seeOther = (reply: FastifyReply, location: string): FastifyReply => reply.code(303).header('location', location).send();
