import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { negotiateLocale, type Locale } from '../../i18n/locale.ts';
import { sendProblem } from '../problems.ts';
import { requestContext } from '../request-context.ts';
import { underResponseFloor } from '../response-floor.ts';
import type { HttpServices } from '../services.ts';
import { parseBody, text } from '../validation.ts';
import { apiSchema, codeSentSchema } from './route-schema.ts';

/** `altcha`: a solved proof of work (the widget's base64 payload), once the client's free allowance is spent. */
const requestCode = z.object({ email: text(1024), region: text(8), number: text(64), altcha: text(4096).optional() });

const acceptedMessage: Record<Locale, string> = {
  sv: 'Om uppgifterna stämmer med ett bekräftat mobilnummer på kontot skickas en engångskod i ett textmeddelande. Det kan ta några minuter. Om du begärt mer än en kod använder du den nyaste.',
  en: 'If the details match a confirmed mobile number on the account, a one-time code is on its way by text message. It can take a few minutes. If you asked for more than one code, use the newest.',
};

export const oneTimeCodeRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  app.post('/one-time-codes', {
    ...underResponseFloor,
    schema: apiSchema({
      summary: 'Ask for a sign-in code by text',
      description: 'Sends a code only to a verified number of the account with that email; the answer is byte-identical whatever matched. 429 only for the client’s own limits.',
      tags: ['sessions'],
      body: requestCode,
      responses: { 202: { description: 'A code is on its way if the details match (status `accepted`).', body: codeSentSchema } },
      problems: ['validation_failed', 'email_invalid', 'email_confusable', 'region_unsupported', 'number_invalid', 'rate_limited', 'resend_too_soon', 'proof_of_work_required'],
    }),
  }, async (request, reply) => {
    const body = parseBody(requestCode, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const { altcha, ...fields } = body;
    const result = await s.codeSignIn.request({ ...fields, ...requestContext(request), clientIp: request.ip, locale, proof: altcha });
    s.metrics.codesRequested.inc({ outcome: result.ok ? 'accepted' : result.error === 'rate_limited' || result.error === 'resend_too_soon' || result.error === 'proof_of_work_required' ? result.error : 'invalid' });
    if (!result.ok && result.error === 'proof_of_work_required') {
      // The challenge to solve comes with the refusal, so the client needs no second call.
      return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds, altcha: await s.proofOfWork.challenge() });
    }
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    // The same bytes whether or not anything matched: no ids, no timestamps, nothing per account.
    return reply.code(202).send({
      status: 'accepted',
      message: acceptedMessage[locale],
      codeLength: s.config.otp.length,
      expiresInSeconds: s.config.otp.ttlSeconds,
    });
  });
};
