import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { hmac, hmacMatchesAny } from '../../lib/secrets.ts';

/**
 * Cross-site request forgery is refused twice over on every form POST:
 *
 * 1. Where the browser says where the form came from (`Origin`, else `Sec-Fetch-Site`, else
 *    `Referer`), it must be this service's own origin (PUBLIC_URL). Pages send
 *    `Referrer-Policy: same-origin`, so our own POSTs carry their real origin.
 * 2. The form must carry a token that is an HMAC of a random value kept in an HttpOnly
 *    cookie. Another site can make a browser send the cookie (same-site origins at least)
 *    but can neither read it nor compute the token without SECRET_KEY.
 */
export class Csrf {
  constructor(
    private readonly secretKey: Buffer,
    private readonly origin: string,
    /** Forms rendered before a rotation can still be sent. */
    private readonly previousKeys: readonly Buffer[] = [],
  ) {}

  /** A fresh random value for the cookie. */
  newSecret(): string {
    return randomBytes(24).toString('base64url');
  }

  /** The token forms carry for this cookie value. */
  tokenFor(secret: string): string {
    return hmac(this.secretKey, 'csrf', secret);
  }

  /** Whether a POST may be acted on; says which check failed, for the log. */
  check(request: FastifyRequest, secret: string | undefined, token: unknown): 'ok' | 'foreign_origin' | 'bad_token' {
    if (!this.#sameOrigin(request)) return 'foreign_origin';
    if (!secret || typeof token !== 'string' || !hmacMatchesAny([this.secretKey, ...this.previousKeys], 'csrf', secret, token)) return 'bad_token';
    return 'ok';
  }

  #sameOrigin(request: FastifyRequest): boolean {
    const origin = request.headers.origin;
    if (origin !== undefined) return origin === this.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite !== undefined) return fetchSite === 'same-origin' || fetchSite === 'none';
    const referer = request.headers.referer;
    if (referer !== undefined) {
      try {
        return new URL(referer).origin === this.origin;
      } catch {
        return false;
      }
    }
    // A browser so old it sends none of these still has to present the token.
    return true;
  }
}
