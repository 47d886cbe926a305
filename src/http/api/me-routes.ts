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
import { activitySchema, apiSchema, codeSentSchema, idParams, passkeySchema, phoneSchema, sessionViewSchema, websiteSchema, type ApiRoute } from './route-schema.ts';

const addPhone = z.object({ region: text(8), number: text(64) });
const verifyPhone = z.object({ code: text(64) });
const changePassword = z.object({ currentPassword: text(4096).optional(), password: text(4096) });
const deleteAccount = z.object({ email: text(1024) });
const changeEmail = z.object({ email: text(1024) });
const verifyEmailChange = z.object({ code: text(64) });

const emailCodeSent: Record<Locale, string> = {
  sv: 'Vi har skickat ett mejl till den nya adressen. Ange koden i mejlet för att byta till den. Om du begärt mer än en kod använder du den nyaste.',
  en: 'We sent a mail to the new address. Enter the code in it to change to that address. If you asked for more than one code, use the newest.',
};
type PhoneParams = { Params: { id: string } };
type SessionParams = { Params: { id: string } };
type WebsiteParams = { Params: { clientId: string } };

const me = z.object({ id: z.string(), email: z.string(), emailVerified: z.boolean(), phones: z.array(phoneSchema) });
const exported = z.object({
  format: z.literal('engangskod-export/1'),
  exportedAt: z.string(),
  account: z.object({ id: z.string(), email: z.string(), emailVerified: z.boolean(), createdAt: z.string() }),
  phones: z.array(z.object({ id: z.string(), region: z.string(), e164: z.string(), verified: z.boolean(), addedAt: z.string(), verifiedAt: z.string().nullable() })),
  passkeys: z.array(passkeySchema),
  sessions: z.array(sessionViewSchema),
  activity: z.array(activitySchema),
  websites: z.array(websiteSchema),
});

/** Every route here needs a session token, so every one may answer 401. */
const signedInSchema = (route: Omit<ApiRoute, 'tags' | 'security'>) =>
  apiSchema({ ...route, tags: ['me'], security: 'bearer', problems: [...route.problems, 'unauthenticated'] });

export const meRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  // Every route here is about the signed-in person.
  const auth = { preHandler: signedIn(s.sessions) };

  app.get('/me', {
    ...auth,
    schema: signedInSchema({ summary: 'Who is signed in', responses: { 200: { description: 'The account and its numbers.', body: me } }, problems: [] }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    const account = await s.accounts.find(session.accountId);
    if (!account) return sendProblem(request, reply, 'unauthenticated');
    return { id: account.id, email: account.email, emailVerified: account.emailVerified, phones: await s.securityInfo.list(account.id) };
  });

  /** The current password, or a sign-in within the last ten minutes; every other session ends. */
  app.put('/me/password', {
    ...auth,
    schema: signedInSchema({
      summary: 'Change the password',
      description: '`currentPassword` is needed unless the sign-in was within the last 10 minutes. Every other session ends.',
      body: changePassword,
      responses: { 204: { description: 'The password is changed.' } },
      problems: ['validation_failed', 'password_too_short', 'password_too_long', 'password_too_common', 'password_invalid', 'reauthentication_required', 'credentials_invalid', 'rate_limited'],
    }),
  }, async (request, reply) => {
    const body = parseBody(changePassword, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.passwordChange.change({ session: sessionOf(request), currentPassword: body.currentPassword, password: body.password, locale, context: requestContext(request) });
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(204).send();
  });

  /**
   * Deletes the account and everything about the person: a sign-in within the last ten minutes,
   * and the account's email typed again to confirm. Every session, this one too, ends with it.
   */
  app.delete('/me', {
    ...auth,
    schema: signedInSchema({
      summary: 'Delete the account',
      description: 'Needs a sign-in within ten minutes and the account\'s email typed to confirm. Everything about the person goes; a last notice goes to the proven address and verified numbers.',
      body: deleteAccount,
      responses: { 204: { description: 'The account and everything about the person are gone.' } },
      problems: ['validation_failed', 'email_mismatch', 'reauthentication_required'],
    }),
  }, async (request, reply) => {
    const body = parseBody(deleteAccount, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.accountDeletion.deleteOwn(sessionOf(request), body.email, locale);
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(204).send();
  });

  /**
   * A code to the new address; the same answer, in its bytes and its time, whether or not
   * another account holds the address (that one gets a mail saying someone tried).
   */
  app.post('/me/email', {
    ...auth,
    ...underResponseFloor,
    schema: signedInSchema({
      summary: 'Change the email: a code to the new address',
      description: 'Needs a sign-in within ten minutes. The same answer, in its bytes and its time, whether or not another account holds the address (that one gets a mail saying someone tried).',
      body: changeEmail,
      responses: { 202: { description: 'A code was mailed to the new address, or its holder was told.', body: codeSentSchema } },
      problems: ['validation_failed', 'email_invalid', 'email_confusable', 'email_unchanged', 'reauthentication_required', 'rate_limited'],
    }),
  }, async (request, reply) => {
    const body = parseBody(changeEmail, request, reply);
    if (!body) return reply;
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.emailChange.request(sessionOf(request), body.email, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send({ status: 'verification_sent', message: emailCodeSent[locale], codeLength: s.config.otp.length, expiresInSeconds: s.config.otp.ttlSeconds });
  });

  /** The code from the new address makes the change; the old address gets a link that undoes it. */
  app.post('/me/email/verify', {
    ...auth,
    schema: signedInSchema({
      summary: 'Change the email: the code from the new address',
      description: 'The address changes and is proven; every other session ends; the numbers get a text and the old address a mail with a link that undoes the change for seven days.',
      body: verifyEmailChange,
      responses: { 200: { description: 'The account with its new address.', body: me } },
      problems: ['validation_failed', 'verification_code_invalid', 'email_taken'],
    }),
  }, async (request, reply) => {
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
  app.get('/me/sessions', {
    ...auth,
    schema: signedInSchema({ summary: 'Where the person is signed in', responses: { 200: { description: 'Every session still valid, last used first.', body: z.array(sessionViewSchema) } }, problems: [] }),
  }, async (request) => s.sessions.list(sessionOf(request)));

  /** Signs out everywhere else: every session of the account but this one ends. */
  app.delete('/me/sessions', {
    ...auth,
    schema: signedInSchema({ summary: 'Sign out everywhere else', responses: { 204: { description: 'Every other session ended.' } }, problems: [] }),
  }, async (request, reply) => {
    await s.sessions.endOthers(sessionOf(request));
    return reply.code(204).send();
  });

  app.delete<SessionParams>('/me/sessions/:id', {
    ...auth,
    schema: signedInSchema({ summary: 'End one session', params: idParams, responses: { 204: { description: 'The session ended.' } }, problems: ['session_not_found'] }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    if (!isUuid(request.params.id) || !(await s.sessions.end(session.accountId, request.params.id))) return sendProblem(request, reply, 'session_not_found');
    return reply.code(204).send();
  });

  /** Everything kept about the person, as one JSON document (no secrets). */
  app.get('/me/export', {
    ...auth,
    schema: signedInSchema({
      summary: 'Everything kept about the person',
      responses: {
        200: {
          description: 'One JSON document, no secrets.',
          body: exported,
          headers: { 'Content-Disposition': { description: '`attachment; filename="engangskod-export.json"`', schema: { type: 'string' } } },
        },
      },
      problems: [],
    }),
  }, async (request, reply) => {
    const data = await s.exporter.export(sessionOf(request));
    if (!data) return sendProblem(request, reply, 'unauthenticated');
    return reply.header('content-disposition', 'attachment; filename="engangskod-export.json"').send(data);
  });

  app.post('/me/phones', {
    ...auth,
    schema: signedInSchema({
      summary: 'Add a mobile number',
      description: 'Texts it a verification code. Needs a sign-in within the last 10 minutes.',
      body: addPhone,
      responses: { 201: { description: 'Added, not verified yet.', body: phoneSchema } },
      problems: ['validation_failed', 'region_unsupported', 'number_invalid', 'phone_exists', 'phone_limit_reached', 'reauthentication_required', 'rate_limited'],
    }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    const body = parseBody(addPhone, request, reply);
    if (!body) return reply;
    if (!s.sessions.requireRecentSignIn(session).ok) return sendProblem(request, reply, 'reauthentication_required');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.securityInfo.add(session.accountId, body.region, body.number, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(201).send(result.value);
  });

  app.post<PhoneParams>('/me/phones/:id/verify', {
    ...auth,
    schema: signedInSchema({
      summary: 'Verify a number with its code',
      params: idParams,
      body: verifyPhone,
      responses: { 200: { description: 'Verified.', body: phoneSchema } },
      problems: ['validation_failed', 'phone_not_found', 'verification_code_invalid'],
    }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    const body = parseBody(verifyPhone, request, reply);
    if (!body) return reply;
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'phone_not_found');
    const result = await s.securityInfo.verify(session.accountId, request.params.id, body.code, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return result.value;
  });

  /** Not in the v1 table: a new verification code for a number whose code expired or never came. */
  app.post<PhoneParams>('/me/phones/:id/verification-code', {
    ...auth,
    schema: signedInSchema({
      summary: 'A new verification code',
      params: idParams,
      responses: { 202: { description: 'A new code is on its way; older ones stop working.', body: z.object({ status: z.literal('sent') }) } },
      problems: ['phone_not_found', 'phone_already_verified', 'rate_limited'],
    }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'phone_not_found');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.securityInfo.resendCode(session.accountId, request.params.id, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error, { retryAfterSeconds: result.retryAfterSeconds });
    return reply.code(202).send({ status: 'sent' });
  });

  app.delete<PhoneParams>('/me/phones/:id', {
    ...auth,
    schema: signedInSchema({
      summary: 'Remove a number',
      description: 'Needs a sign-in within the last 10 minutes.',
      params: idParams,
      responses: { 204: { description: 'Removed; codes sent to it stop working.' } },
      problems: ['phone_not_found', 'reauthentication_required'],
    }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    if (!s.sessions.requireRecentSignIn(session).ok) return sendProblem(request, reply, 'reauthentication_required');
    if (!isUuid(request.params.id)) return sendProblem(request, reply, 'phone_not_found');
    const locale = negotiateLocale(request.headers['accept-language']);
    const result = await s.securityInfo.remove(session.accountId, request.params.id, locale, requestContext(request));
    if (!result.ok) return sendProblem(request, reply, result.error);
    return reply.code(204).send();
  });

  /** Websites (not ours) the person has let sign them in, and what each may know. */
  app.get('/me/websites', {
    ...auth,
    schema: signedInSchema({ summary: 'Websites given access', responses: { 200: { description: 'Oldest first.', body: z.array(websiteSchema) } }, problems: [] }),
  }, async (request) => {
    const session = sessionOf(request);
    const websites = await s.oidc.consents.list(session.accountId);
    return websites.map((w) => ({ clientId: w.clientId, name: w.clientName, scopes: w.scopes, givenAt: new Date(w.givenAt).toISOString(), expiresAt: new Date(w.expiresAt).toISOString() }));
  });

  /** Withdraws the consent; the website's refresh tokens for this account end with it. */
  app.delete<WebsiteParams>('/me/websites/:clientId', {
    ...auth,
    schema: signedInSchema({
      summary: 'Withdraw a website’s access',
      params: z.object({ clientId: z.string() }),
      responses: { 204: { description: 'Withdrawn; the website’s tokens for this account stop working.' } },
      problems: ['website_not_found'],
    }),
  }, async (request, reply) => {
    const session = sessionOf(request);
    const { clientId } = request.params;
    if (!CLIENT_ID_PATTERN.test(clientId) || !(await s.oidc.consents.withdraw(session.accountId, clientId))) return sendProblem(request, reply, 'website_not_found');
    return reply.code(204).send();
  });

  /** Recent activity: sign-ins, failed attempts, code requests and changes, newest first. */
  app.get('/me/activity', {
    ...auth,
    schema: signedInSchema({ summary: 'Recent activity', responses: { 200: { description: 'Newest first.', body: z.array(activitySchema) } }, problems: [] }),
  }, async (request) => {
    const session = sessionOf(request);
    return s.activity.list(session.accountId);
  });
};
