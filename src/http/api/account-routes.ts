import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { negotiateLocale, type Locale } from '../../i18n/locale.ts';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { sendProblem } from '../problems.ts';
import { requestContext } from '../request-context.ts';
import type { HttpServices } from '../services.ts';
import { parseBody, text } from '../validation.ts';

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

  app.post('/accounts', async (request, reply) => {
    const body = parseBody(createAccount, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.accounts.signUp({ email: body.email, password: body.password, locale, context: requestContext(request) });
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send(verificationSent(locale));
  });

  app.post('/accounts/verification-code', async (request, reply) => {
    const body = parseBody(resendCode, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.accounts.resendVerification(body.email, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send(verificationSent(locale));
  });

  app.post('/accounts/verify', async (request, reply) => {
    const body = parseBody(verifyAccount, request, reply);
    if (!body) return reply;
    const context = signInContext(request);
    const result = await s.accounts.verifyEmail(body.email, body.code, context);
    if (!result.ok) return sendProblem(request, reply, result.error);
    keepDevice(reply, s.config, context.deviceId);
    return reply.code(201).send(result.value);
  });
};
