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
import { apiSchema, idParams, passkeySchema, tokenSchema } from './route-schema.ts';

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

// WebAuthn's own JSON forms (W3C WebAuthn Level 3, §5.1): described by their main members, the
// rest left open, since browsers and @simplewebauthn add members over time.
const creationOptions = z.looseObject({
  challenge: z.string(),
  rp: z.looseObject({ id: z.string(), name: z.string() }),
  user: z.looseObject({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.looseObject({ type: z.string(), alg: z.number().int() })),
  timeout: z.number().int().optional(),
  excludeCredentials: z.array(z.looseObject({ id: z.string(), type: z.string() })).optional(),
  authenticatorSelection: z.looseObject({}).optional(),
  attestation: z.string().optional(),
}).meta({ description: 'PublicKeyCredentialCreationOptionsJSON: hand it to PublicKeyCredential.parseCreationOptionsFromJSON() and navigator.credentials.create().' });
const requestOptions = z.looseObject({
  challenge: z.string(),
  rpId: z.string().optional(),
  timeout: z.number().int().optional(),
  allowCredentials: z.array(z.looseObject({ id: z.string(), type: z.string() })).optional(),
  userVerification: z.string().optional(),
}).meta({ description: 'PublicKeyCredentialRequestOptionsJSON: hand it to PublicKeyCredential.parseRequestOptionsFromJSON() and navigator.credentials.get().' });
const added = z.object({ id: z.string(), name: z.string(), createdAt: z.string().meta({ format: 'date-time' }) });
const addQuery = z.object({ name: z.string().optional().meta({ description: 'A name for the passkey; the browser it was made on when left out.' }) });
type PasskeyParams = { Params: { id: string } };

/** The flow an API sign-in's challenge is bound to: the pages' challenges are refused here. */
export const API_SIGN_IN_FLOW = 'api';

export const passkeyRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  const auth = { preHandler: signedIn(s.sessions) };

  /** Options to hand to navigator.credentials.create(): needs a sign-in within ten minutes. */
  app.post('/me/passkeys/options', {
    ...auth,
    schema: apiSchema({
      summary: 'Options for adding a passkey',
      description: 'Needs a sign-in within ten minutes. The challenge is bound to this session and works once, for five minutes.',
      tags: ['passkeys'],
      security: 'bearer',
      responses: { 200: { description: 'PublicKeyCredentialCreationOptionsJSON.', body: creationOptions } },
      problems: ['reauthentication_required', 'unauthenticated'],
    }),
  }, async (request, reply) => {
    const result = await s.passkeys.registrationOptions(sessionOf(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return result.value;
  });

  /** The new credential's toJSON() as the body; its name in `?name=` (the browser it was made on when left out). */
  app.post<AddQuery>('/me/passkeys', {
    ...auth,
    schema: apiSchema({
      summary: 'Add a passkey',
      description: "The body is the new credential's toJSON(), made with the options of POST /api/v1/me/passkeys/options. A notice goes by text and mail.",
      tags: ['passkeys'],
      security: 'bearer',
      querystring: addQuery,
      body: registration,
      responses: { 201: { description: 'The passkey was added.', body: added } },
      problems: ['validation_failed', 'passkey_rejected', 'passkey_limit_reached', 'reauthentication_required', 'unauthenticated'],
    }),
  }, async (request, reply) => {
    const body = parseBody(registration, request, reply);
    if (!body) return reply;
    const name = typeof request.query.name === 'string' ? request.query.name.slice(0, 4 * PASSKEY_NAME_MAX) : undefined;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.passkeys.add(sessionOf(request), body as RegistrationResponseJSON, { name, locale, context: requestContext(request) });
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(201).send({ id: result.value.id, name: result.value.name, createdAt: result.value.createdAt });
  });

  app.get('/me/passkeys', {
    ...auth,
    schema: apiSchema({
      summary: "The account's passkeys",
      tags: ['passkeys'],
      security: 'bearer',
      responses: { 200: { description: 'Newest first.', body: z.array(passkeySchema) } },
      problems: ['unauthenticated'],
    }),
  }, async (request) => s.passkeys.list(sessionOf(request).accountId));

  app.delete<PasskeyParams>('/me/passkeys/:id', {
    ...auth,
    schema: apiSchema({
      summary: 'Remove a passkey',
      description: 'Needs a sign-in within ten minutes. A notice goes by text and mail.',
      tags: ['passkeys'],
      security: 'bearer',
      params: idParams,
      responses: { 204: { description: 'Removed: it signs no one in any more.' } },
      problems: ['passkey_not_found', 'reauthentication_required', 'unauthenticated'],
    }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    if (!s.sessions.requireRecentSignIn(session).ok) return sendProblem(request, reply, 'reauthentication_required');
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'passkey_not_found');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.passkeys.remove(session, request.params.id, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(204).send();
  });

  /** Options to hand to navigator.credentials.get(): no email, the authenticator offers its passkeys. */
  app.post('/sessions/passkey/options', {
    schema: apiSchema({
      summary: 'Options for signing in with a passkey',
      description: 'No email: the authenticator offers the passkeys it holds for this service. The challenge works once, for five minutes, and only at POST /api/v1/sessions/passkey.',
      tags: ['sessions'],
      responses: { 200: { description: 'PublicKeyCredentialRequestOptionsJSON.', body: requestOptions } },
      problems: [],
    }),
  }, async () => s.passkeys.signInOptions(API_SIGN_IN_FLOW));

  /** The assertion's toJSON(): a session, or the same 401 for every failure. */
  app.post('/sessions/passkey', {
    schema: apiSchema({
      summary: 'Sign in with a passkey',
      description: "The body is the assertion's toJSON(). Every failure (unknown or removed credential, another origin, a used or expired challenge) is the same 401.",
      tags: ['sessions'],
      body: assertion,
      responses: { 201: { description: 'Signed in.', body: tokenSchema } },
      problems: ['validation_failed', 'passkey_invalid'],
    }),
  }, async (request, reply) => {
    const body = parseBody(assertion, request, reply);
    if (!body) return reply;
    const context = signInContext(request);
    const result = await s.passkeys.signIn(body as AuthenticationResponseJSON, API_SIGN_IN_FLOW, context);
    if (!result.ok) return sendProblem(request, reply, result.error);
    keepDevice(reply, s.config, context.deviceId);
    return reply.code(201).send(result.value.session);
  });
};
