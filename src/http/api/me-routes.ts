import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CLIENT_ID_PATTERN } from '../../config/client-registration.ts';
import { negotiateLocale, type Locale } from '../../i18n/locale.ts';
import { underResponseFloor } from '../response-floor.ts';
import { sessionOf, signedIn } from '../authentication.ts';
import { requestContext } from '../request-context.ts';
import { sendProblem } from '../problems.ts';
import type { HttpServices } from '../services.ts';
import { isUuid, parseBody, text } from '../validation.ts';

const addPhone = z.object({ region: text(8), number: text(64) });
const verifyPhone = z.object({ code: text(64) });
const changePassword = z.object({ currentPassword: text(4096).optional(), password: text(4096) });
const changeEmail = z.object({ email: text(1024) });
const verifyEmailChange = z.object({ code: text(64) });

const emailCodeSent: Record<Locale, string> = {
  sv: 'Vi har skickat ett mejl till den nya adressen. Ange koden i mejlet för att byta till den. Om du begärt mer än en kod använder du den nyaste.',
  en: 'We sent a mail to the new address. Enter the code in it to change to that address. If you asked for more than one code, use the newest.',
};
type PhoneParams = { Params: { id: string } };
type SessionParams = { Params: { id: string } };
type WebsiteParams = { Params: { clientId: string } };

export const meRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  // Every route here is about the signed-in person.
  const auth = { preHandler: signedIn(s.sessions) };

  app.get('/me', auth, async (request, reply) => {
    const session = sessionOf(request);
    const account = await s.accounts.find(session.accountId);
    if (!account) return sendProblem(request, reply, 'unauthenticated');
    return { id: account.id, email: account.email, emailVerified: account.emailVerified, phones: await s.securityInfo.list(account.id) };
  });

  /** The current password, or a sign-in within the last ten minutes; every other session ends. */
  app.put('/me/password', auth, async (request, reply) => {
    const body = parseBody(changePassword, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.passwordChange.change({ session: sessionOf(request), currentPassword: body.currentPassword, password: body.password, locale, context: requestContext(request) });
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(204).send();
  });

  /**
   * A code to the new address; the same answer, in its bytes and its time, whether or not
   * another account holds the address (that one gets a mail saying someone tried).
   */
  app.post('/me/email', { ...auth, ...underResponseFloor }, async (request, reply) => {
    const body = parseBody(changeEmail, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.emailChange.request(sessionOf(request), body.email, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send({ status: 'verification_sent', message: emailCodeSent[locale], codeLength: s.config.otp.length, expiresInSeconds: s.config.otp.ttlSeconds });
  });

  /** The code from the new address makes the change; the old address gets a link that undoes it. */
  app.post('/me/email/verify', auth, async (request, reply) => {
    const body = parseBody(verifyEmailChange, request, reply);
    if (!body) return reply;
    const session = sessionOf(request);
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.emailChange.verify(session, body.code, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    const account = result.value;
    return { id: account.id, email: account.email, emailVerified: account.emailVerified, phones: await s.securityInfo.list(account.id) };
  });

  /** Where the person is signed in: every session still valid, last used first. */
  app.get('/me/sessions', auth, async (request) => s.sessions.list(sessionOf(request)));

  /** Signs out everywhere else: every session of the account but this one ends. */
  app.delete('/me/sessions', auth, async (request, reply) => {
    await s.sessions.endOthers(sessionOf(request));
    return reply.code(204).send();
  });

  app.delete<SessionParams>('/me/sessions/:id', auth, async (request, reply) => {
    const session = sessionOf(request);
    if (!isUuid(request.params.id) || !(await s.sessions.end(session.accountId, request.params.id))) return sendProblem(request, reply, 'session_not_found');
    return reply.code(204).send();
  });

  /** Everything kept about the person, as one JSON document (no secrets). */
  app.get('/me/export', auth, async (request, reply) => {
    const data = await s.exporter.export(sessionOf(request));
    if (!data) return sendProblem(request, reply, 'unauthenticated');
    return reply.header('content-disposition', 'attachment; filename="engangskod-export.json"').send(data);
  });

  app.post('/me/phones', auth, async (request, reply) => {
    const session = sessionOf(request);
    const body = parseBody(addPhone, request, reply);
    if (!body) return reply;
    if (!s.sessions.requireRecentSignIn(session).ok) return sendProblem(request, reply, 'reauthentication_required');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.securityInfo.add(session.accountId, body.region, body.number, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(201).send(result.value);
  });

  app.post<PhoneParams>('/me/phones/:id/verify', auth, async (request, reply) => {
    const session = sessionOf(request);
    const body = parseBody(verifyPhone, request, reply);
    if (!body) return reply;
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'phone_not_found');
    const result = await s.securityInfo.verify(session.accountId, request.params.id, body.code, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return result.value;
  });

  /** Not in the v1 table: a new verification code for a number whose code expired or never came. */
  app.post<PhoneParams>('/me/phones/:id/verification-code', auth, async (request, reply) => {
    const session = sessionOf(request);
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'phone_not_found');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.securityInfo.resendCode(session.accountId, request.params.id, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send({ status: 'sent' });
  });

  app.delete<PhoneParams>('/me/phones/:id', auth, async (request, reply) => {
    const session = sessionOf(request);
    if (!s.sessions.requireRecentSignIn(session).ok) return sendProblem(request, reply, 'reauthentication_required');
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'phone_not_found');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.securityInfo.remove(session.accountId, request.params.id, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(204).send();
  });

  /** Websites (not ours) the person has let sign them in, and what each may know. */
  app.get('/me/websites', auth, async (request) => {
    const session = sessionOf(request);
    const websites = await s.oidc.consents.list(session.accountId);
    return websites.map((w) => ({ clientId: w.clientId, name: w.clientName, scopes: w.scopes, givenAt: new Date(w.givenAt).toISOString(), expiresAt: new Date(w.expiresAt).toISOString() }));
  });

  /** Withdraws the consent; the website's refresh tokens for this account end with it. */
  app.delete<WebsiteParams>('/me/websites/:clientId', auth, async (request, reply) => {
    const session = sessionOf(request);
    const { clientId } = request.params;
    if (!CLIENT_ID_PATTERN.test(clientId) || !(await s.oidc.consents.withdraw(session.accountId, clientId))) return sendProblem(request, reply, 'website_not_found');
    return reply.code(204).send();
  });

  /** Recent activity: sign-ins, failed attempts, code requests and changes, newest first. */
  app.get('/me/activity', auth, async (request) => {
    const session = sessionOf(request);
    return s.activity.list(session.accountId);
  });
};
