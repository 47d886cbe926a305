import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../../config/loopback.ts';

/**
 * Pages live at PUBLIC_URL only: its cookies, its CSRF origin and its links. A page asked for
 * at another host name (127.0.0.1 when PUBLIC_URL says localhost, `www.` or not) would set
 * cookies there that no form can use, so the browser is sent to the same path on PUBLIC_URL.
 *
 * In production a loopback Host is left alone: it is a local reverse proxy that did not pass
 * the Host on, and sending it to PUBLIC_URL would only come back through the same proxy.
 */
export function canonicalHostRedirect(publicUrl: URL, production: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // Only a browser's navigation: JSON (dev inbox) and assets are the same at any host.
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !(request.headers.accept ?? '').includes('text/html')) return;
    const asked = request.host;
    if (!asked || sameHost(asked, publicUrl)) return;
    if (production && isLoopbackHost(asked.replace(/:\d+$/, ''))) return;
    // The path is appended to the origin as text, never resolved: `//other.example` stays a path here.
    const path = request.url.startsWith('/') ? request.url : '/';
    await reply.code(307).header('location', `${publicUrl.origin}${path}`).header('cache-control', 'no-store').send();
  };
}

function sameHost(asked: string, publicUrl: URL): boolean {
  try {
    // Parsed with PUBLIC_URL's scheme, so an explicit default port (:443) compares equal.
    return new URL(`${publicUrl.protocol}//${asked}`).host === publicUrl.host;
  } catch {
    return false;
  }
}
