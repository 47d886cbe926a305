import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedSession } from '../../domain/sessions/session-service.ts';
import { clearCookie, setCookie } from './cookies.ts';
import { currentSession, rotateCsrfSecret, signedInAs, type SignedIn, type WebDeps } from './page-context.ts';
import { seeOther } from './respond.ts';
import { withReturnTo } from './return-to.ts';

/**
 * Puts a fresh sign-in's session in the cookie. Every sign-in is a new session with a new
 * id (the one this browser had before is revoked), so a session id known before sign-in is
 * worth nothing after it. `persistent` ("keep me signed in") survives closing the browser
 * until the session's absolute end; otherwise the cookie is gone when the browser closes,
 * as a one-time-code sign-in on a public computer should be.
 */
export async function startSession(
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  issued: IssuedSession,
  persistent: boolean,
): Promise<void> {
  const previous = await currentSession(deps, request);
  if (previous) await deps.services.sessions.revoke(previous);
  setCookie(reply, deps.cookies, 'session', issued.token, persistent ? { maxAgeSeconds: deps.services.config.session.maxSeconds } : {});
  rotateCsrfSecret(deps, reply);
}

/** Sign-out ends the session on the server, so a copied cookie stops working too. */
export async function endSession(deps: WebDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const session = await currentSession(deps, request);
  if (session) await deps.services.sessions.revoke(session);
  clearCookie(reply, deps.cookies, 'session');
  rotateCsrfSecret(deps, reply);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is signed in, on a page that declared `signedInPage`; null on every other route. */
    signedIn: SignedIn | null;
  }
}

export interface PageGuard {
  /** Where to come back to after signing in: this page's address unless given. */
  readonly returnTo?: string | ((request: FastifyRequest) => string);
  /**
   * Changing security info needs a recent sign-in (the rule is the session service's); an
   * older one is sent to sign in again and then back.
   */
  readonly recent?: boolean;
}

/**
 * A page for a signed-in person declares it with this preHandler: anyone else is sent to
 * sign in and come back, before the handler runs.
 */
export const signedInPage = (deps: WebDeps, guard: PageGuard = {}) => ({
  preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
    const returnTo = typeof guard.returnTo === 'function' ? guard.returnTo(request) : (guard.returnTo ?? request.url);
    const signedIn = await signedInAs(deps, await currentSession(deps, request));
    if (!signedIn) return seeOther(reply, withReturnTo('/sign-in', returnTo, { reason: 'required' }));
    if (guard.recent && !deps.services.sessions.requireRecentSignIn(signedIn.session).ok) {
      return seeOther(reply, withReturnTo('/sign-in', returnTo, { reason: 'reauthenticate' }));
    }
    request.signedIn = signedIn;
  },
});

/** Who `signedInPage` let in; a page that did not declare it is a bug. */
export function signedInOf(request: FastifyRequest): SignedIn {
  if (!request.signedIn) throw new Error(`${request.routeOptions.url} reads who is signed in but does not declare signedInPage`);
  return request.signedIn;
}
