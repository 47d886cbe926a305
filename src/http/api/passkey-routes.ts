import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { PASSKEY_NAME_MAX } from '../../domain/passkeys/passkey-service.ts';
import { negotiateLocale } from '../../i18n/locale.ts';
import { sessionOf, signedIn } from '../authentication.ts';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { sendProblem } from '../problems.ts';
import { requestContext } from '../request-context.ts';
import type { HttpServices } from '../services.ts';
import { isUuid, parseBody, text } from '../validation.ts';

// The shape of a credential's toJSON(); its contents are checked by @simplewebauthn/server.
const b64url = text(16_384).regex(/^[A-Za-z0-9_-]*={0,2}$/);
const credentialBase = {
  id: text(1024),
  rawId: text(1024),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};
const registration = z.object({
  ...credentialBase,
  response: z.looseObject({ clientDataJSON: b64url, attestationObject: b64url, transports: z.array(text(32)).max(10).optional() }),
});
const assertion = z.object({
  ...credentialBase,
  response: z.looseObject({ clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url.optional() }),
});
type AddQuery = { Querystring: { name?: string } };
type PasskeyParams = { Params: { id: string } };

/** The flow an API sign-in's challenge is bound to: the pages' challenges are refused here. */
export const API_SIGN_IN_FLOW = 'api';

export const passkeyRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  const auth = { preHandler: signedIn(s.sessions) };

  /** Options to hand to navigator.credentials.create(): needs a sign-in within ten minutes. */
  app.post('/me/passkeys/options', auth, async (request, reply) => {
    const result = await s.passkeys.registrationOptions(sessionOf(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return result.value;
  });

  /** The new credential's toJSON() as the body; its name in `?name=` (the browser it was made on when left out). */
  app.post<AddQuery>('/me/passkeys', auth, async (request, reply) => {
    const body = parseBody(registration, request, reply);
    if (!body) return reply;
    const name = typeof request.query.name === 'string' ? request.query.name.slice(0, 4 * PASSKEY_NAME_MAX) : undefined;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.passkeys.add(sessionOf(request), body as RegistrationResponseJSON, { name, locale, context: requestContext(request) });
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(201).send({ id: result.value.id, name: result.value.name, createdAt: result.value.createdAt });
  });

  app.get('/me/passkeys', auth, async (request) => s.passkeys.list(sessionOf(request).accountId));

  app.delete<PasskeyParams>('/me/passkeys/:id', auth, async (request, reply) => {
    const session = sessionOf(request);
    if (!s.sessions.requireRecentSignIn(session).ok) return sendProblem(request, reply, 'reauthentication_required');
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'passkey_not_found');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.passkeys.remove(session, request.params.id, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(204).send();
  });

  /** Options to hand to navigator.credentials.get(): no email, the authenticator offers its passkeys. */
  app.post('/sessions/passkey/options', async () => s.passkeys.signInOptions(API_SIGN_IN_FLOW));

  /** The assertion's toJSON(): a session, or the same 401 for every failure. */
  app.post('/sessions/passkey', async (request, reply) => {
    const body = parseBody(assertion, request, reply);
    if (!body) return reply;
    const context = signInContext(request);
    const result = await s.passkeys.signIn(body as AuthenticationResponseJSON, API_SIGN_IN_FLOW, context);
    if (!result.ok) return sendProblem(request, reply, result.error);
    keepDevice(reply, s.config, context.deviceId);
    return reply.code(201).send(result.value.session);
  });
};
