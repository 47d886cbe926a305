import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { negotiateLocale, type Locale } from '../../i18n/locale.ts';
import { sendProblem } from '../problems.ts';
import { requestContext } from '../request-context.ts';
import { underResponseFloor } from '../response-floor.ts';
import type { HttpServices } from '../services.ts';
import { parseBody, text } from '../validation.ts';
import { apiSchema, codeSentSchema } from './route-schema.ts';

// By mail ({email}) or by text to a verified number ({email, region, number}); `altcha` past the client's free allowance.
const requestReset = z.object({ email: text(1024), region: text(8).optional(), number: text(64).optional(), altcha: text(4096).optional() });
const completeReset = z.object({ email: text(1024), code: text(64), password: text(4096) });

const acceptedMessage: Record<Locale, string> = {
  sv: 'Om uppgifterna stämmer med ett konto skickas en kod för att välja ett nytt lösenord. Det kan ta några minuter. Om du begärt mer än en kod använder du den nyaste.',
  en: 'If the details match an account, a code to choose a new password is on its way. It can take a few minutes. If you asked for more than one code, use the newest.',
};

export const passwordResetRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  app.post('/password-resets', {
    ...underResponseFloor,
    schema: apiSchema({
      summary: 'Forgot the password: ask for a code',
      description: 'By mail with `{email}`, by text with `{email, region, number}`; the same answer for every outcome.',
      tags: ['password'],
      body: requestReset,
      responses: { 202: { description: 'A code is on its way if the details match (status `accepted`).', body: codeSentSchema } },
      problems: ['validation_failed', 'email_invalid', 'email_confusable', 'region_unsupported', 'number_invalid', 'rate_limited', 'proof_of_work_required'],
    }),
  }, async (request, reply) => {
    const body = parseBody(requestReset, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const { altcha, ...fields } = body;
    const result = await s.passwordReset.request({ ...fields, locale, context: { ...requestContext(request), clientIp: request.ip }, proof: altcha });
    if (!result.ok && result.error === 'proof_of_work_required') {
      return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds, altcha: await s.proofOfWork.challenge() });
    }
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    // The same bytes for every outcome: nothing says whether an account or number matched.
    return reply.code(202).send({ status: 'accepted', message: acceptedMessage[locale], codeLength: s.config.otp.length, expiresInSeconds: s.config.otp.ttlSeconds });
  });

  app.post('/password-resets/complete', {
    schema: apiSchema({
      summary: 'Choose a new password with the code',
      description: 'Every session of the account ends.',
      tags: ['password'],
      body: completeReset,
      responses: { 204: { description: 'The password is set.' } },
      problems: ['validation_failed', 'password_too_short', 'password_too_long', 'password_too_common', 'password_invalid', 'code_invalid'],
    }),
  }, async (request, reply) => {
    const body = parseBody(completeReset, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.passwordReset.complete({ ...body, locale, context: requestContext(request) });
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(204).send();
  });
};
