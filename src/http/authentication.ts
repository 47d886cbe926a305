import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '../domain/sessions/session-store.ts';
import type { SessionService } from '../domain/sessions/session-service.ts';
import { sendProblem } from './problems.ts';

const bearer = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i;

/** The session behind `Authorization: Bearer …`, or undefined after answering 401. */
export async function requireSession(
  sessions: SessionService,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Session | undefined> {
  const token = bearer.exec(request.headers.authorization ?? '')?.[1];
  const session = token === undefined ? undefined : await sessions.authenticate(token);
  if (session?.ok) return session.value;
  void sendProblem(request, reply, 'unauthenticated');
  return undefined;
}
