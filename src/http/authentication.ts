import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Session } from '../domain/sessions/session-store.ts';
import type { SessionService } from '../domain/sessions/session-service.ts';
import { sendProblem } from './problems.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session of a route that declared `signedIn`; null on every other route. */
    session: Session | null;
  }
}

const bearer = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * A route that needs a signed-in person declares it with this preHandler: the session behind
 * `Authorization: Bearer …`, or 401 before the handler runs.
 */
export const signedIn = (sessions: SessionService): preHandlerAsyncHookHandler =>
  async function signedInHandler(request: FastifyRequest, reply: FastifyReply) {
    const token = bearer.exec(request.headers.authorization ?? '')?.[1];
    const session = token === undefined ? undefined : await sessions.authenticate(token);
    if (!session?.ok) return sendProblem(request, reply, 'unauthenticated');
    request.session = session.value;
  };

/** The session `signedIn` found; a route that did not declare it is a bug. */
export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw new Error(`${request.routeOptions.url} reads the session but does not declare signedIn`);
  return request.session;
}
