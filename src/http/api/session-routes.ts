import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { negotiateLocale } from '../../i18n/locale.ts';
import { sessionOf, signedIn } from '../authentication.ts';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { underResponseFloor } from '../response-floor.ts';
import { sendProblem } from '../problems.ts';
import type { HttpServices } from '../services.ts';
import { parseBody, text } from '../validation.ts';
import { apiSchema, tokenSchema } from './route-schema.ts';

const passwordSignIn = z.object({ email: text(1024), password: text(4096) });
// A code is a string: as a JSON number its leading zeros would be lost.
const codeSignIn = z.object({ email: text(1024), code: text(64) });

export const sessionRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  app.post('/sessions', {
    schema: apiSchema({
      summary: 'Sign in with a password',
      tags: ['sessions'],
      body: passwordSignIn,
      responses: { 201: { description: 'Signed in.', body: tokenSchema } },
      problems: ['validation_failed', 'credentials_invalid', 'email_unverified', 'rate_limited'],
    }),
  }, async (request, reply) => {
    const body = parseBody(passwordSignIn, request, reply);
    if (!body) return reply;
    const context = signInContext(request);
    const result = await s.passwordSignIn.signIn(body.email, body.password, context, negotiateLocale(request.headers['accept-language']));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    keepDevice(reply, s.config, context.deviceId);
    return reply.code(201).send(result.value);
  });

  // A known email's wrong code costs a little more work than an unknown email's: hidden under the floor.
  app.post('/sessions/one-time-code', {
    ...underResponseFloor,
    schema: apiSchema({
      summary: 'Sign in with a one-time code',
      description: 'The same 401 `code_invalid` for every failure: wrong, used, older, expired or over-guessed codes and unknown emails.',
      tags: ['sessions'],
      body: codeSignIn,
      responses: { 201: { description: 'Signed in.', body: tokenSchema } },
      problems: ['validation_failed', 'code_invalid'],
    }),
  }, async (request, reply) => {
    const body = parseBody(codeSignIn, request, reply);
    if (!body) return reply;
    const context = signInContext(request);
    const result = await s.codeSignIn.redeem(body.email, body.code, context, negotiateLocale(request.headers['accept-language']));
    s.metrics.codesRedeemed.inc({ outcome: result.ok ? 'signed_in' : 'failed' });
    if (!result.ok) return sendProblem(request, reply, result.error);
    keepDevice(reply, s.config, context.deviceId);
    return reply.code(201).send(result.value);
  });

  app.delete('/sessions/current', {
    preHandler: signedIn(s.sessions),
    schema: apiSchema({
      summary: 'Sign out',
      tags: ['sessions'],
      security: 'bearer',
      responses: { 204: { description: 'The session ended; its token stops working at once.' } },
      problems: ['unauthenticated'],
    }),
  }, async (request, reply) => {
    await s.sessions.revoke(sessionOf(request));
    return reply.code(204).send();
  });
};
