import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { negotiateLocale, type Locale } from '../../i18n/locale.ts';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { sendProblem } from '../problems.ts';
import { requestContext } from '../request-context.ts';
import type { HttpServices } from '../services.ts';
import { parseBody, text } from '../validation.ts';
import { apiSchema, codeSentSchema, tokenSchema } from './route-schema.ts';

const createAccount = z.object({ email: text(1024), password: text(4096) });
const verifyAccount = z.object({ email: text(1024), code: text(64) });
const resendCode = z.object({ email: text(1024) });

const sentMessage: Record<Locale, string> = {
  sv: 'Vi har skickat ett mejl till adressen. Ange koden i mejlet för att bekräfta adressen och skapa kontot. Om du begärt mer än en kod använder du den nyaste.',
  en: 'We sent a mail to the address. Enter the code in it to confirm the address and create the account. If you asked for more than one code, use the newest.',
};

export const accountRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  // The same bytes for a new address and a taken one: only the mail to the address tells which.
  const verificationSent = (locale: Locale) => ({
    status: 'verification_sent',
    message: sentMessage[locale],
    codeLength: s.config.otp.length,
    expiresInSeconds: s.config.otp.ttlSeconds,
  });

  app.post('/accounts', {
    schema: apiSchema({
      summary: 'Sign up',
      description: 'The same answer, byte for byte, whether the address is new or has an account; a code goes to the address by mail.',
      tags: ['accounts'],
      body: createAccount,
      responses: { 202: { description: 'A mail with a code is on its way (status `verification_sent`).', body: codeSentSchema } },
      problems: ['validation_failed', 'email_invalid', 'email_confusable', 'password_too_short', 'password_too_long', 'password_too_common', 'password_invalid', 'rate_limited'],
    }),
  }, async (request, reply) => {
    const body = parseBody(createAccount, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.accounts.signUp({ email: body.email, password: body.password, locale, context: requestContext(request) });
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send(verificationSent(locale));
  });

  app.post('/accounts/verification-code', {
    schema: apiSchema({
      summary: 'A new code for an address not proven yet',
      description: 'The same answer for every address; only an unproven account’s address gets a mail.',
      tags: ['accounts'],
      body: resendCode,
      responses: { 202: { description: 'A mail is on its way if the address awaits proof.', body: codeSentSchema } },
      problems: ['validation_failed', 'email_invalid', 'email_confusable', 'rate_limited'],
    }),
  }, async (request, reply) => {
    const body = parseBody(resendCode, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.accounts.resendVerification(body.email, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send(verificationSent(locale));
  });

  app.post('/accounts/verify', {
    schema: apiSchema({
      summary: 'Prove the address and sign in',
      tags: ['accounts'],
      body: verifyAccount,
      responses: { 201: { description: 'Signed in.', body: tokenSchema } },
      problems: ['validation_failed', 'code_invalid'],
    }),
  }, async (request, reply) => {
    const body = parseBody(verifyAccount, request, reply);
    if (!body) return reply;
    const context = signInContext(request);
    const result = await s.accounts.verifyEmail(body.email, body.code, context);
    if (!result.ok) return sendProblem(request, reply, result.error);
    keepDevice(reply, s.config, context.deviceId);
    return reply.code(201).send(result.value);
  });
};
