import type { FastifyPluginAsync } from 'fastify';
import { requestContext } from '../request-context.ts';
import { underResponseFloor } from '../response-floor.ts';
import { fieldError } from './field-errors.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { withReturnTo } from './return-to.ts';
import { pageContext, type WebDeps } from './page-context.ts';
import { pastLimit } from './past-limit.ts';
import { seeOther, sendPage } from './respond.ts';
import { signedInOf, signedInPage } from './session-cookie.ts';
import { messagePage } from './views/message-page.ts';
import { changeEmailPage, emailChangeUndonePage, undoEmailChangePage, verifyEmailChangePage } from './views/self-service-pages.ts';

const emailForm = { email: 1024 } as const;
const codeForm = { email: 1024, code: 64 } as const;
const undoForm = { code: 128 } as const;
// Only the shape of a link's token is checked here; the domain tells whether it works.
const undoToken = /^[a-z]{1,128}$/i;

/**
 * "Byt e-postadress", its code step and the old address's undo link, over the same domain
 * service as POST /api/v1/me/email: the pages decide no rule themselves.
 */
export const emailChangeRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  const secure = deps.cookies.secure;
  const code = services.config.otp;

  app.get('/account/email', signedInPage(deps, { recent: true }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const flash = takeFlash(deps, request, reply);
    return sendPage(reply, secure, changeEmailPage(ctx, { email: signedIn.email, value: flash?.values.email, errors: flash?.errors, problem: flash?.problem }), flash?.status ?? 200);
  });

  // Under the response floor: a taken address must not answer sooner or later than a free one.
  app.post('/account/email', { ...signedInPage(deps, { returnTo: '/account/email', recent: true }), ...underResponseFloor }, async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, emailForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    // Post/Redirect/Get, filled in again: a reload sends no second code.
    const again = (status: number, o: { errors?: ReturnType<typeof fieldError>[]; problem?: string; retryAfter?: number }) =>
      redirectWithFlash(deps, reply, '/account/email', { status, errors: o.errors ?? [], problem: o.problem, retryAfter: o.retryAfter, values: { email: form.email } });
    const result = await services.emailChange.request(signedIn.session, form.email, ctx.locale, requestContext(request));
    if (result.ok) return seeOther(reply, `/account/email/verify?email=${encodeURIComponent(form.email.trim())}`);
    switch (result.error) {
      case 'rate_limited':
        return again(429, await pastLimit(deps, ctx, signedIn.session.accountId, ctx.t.changeEmail.limitReached, result.retryAfterSeconds));
      case 'reauthentication_required':
        return seeOther(reply, withReturnTo('/sign-in', '/account/email', { reason: 'reauthenticate' }));
      case 'unauthenticated':
        return seeOther(reply, '/sign-in');
      default:
        return again(422, { errors: [fieldError(ctx, result.error, {}, 'email')] });
    }
  });

  app.get<{ Querystring: { email?: string } }>('/account/email/verify', signedInPage(deps, { returnTo: '/account/email' }), async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, signedInOf(request));
    const email = typeof request.query.email === 'string' ? request.query.email.slice(0, 1024) : '';
    if (email === '') return seeOther(reply, '/account/email');
    const flash = takeFlash(deps, request, reply);
    const page = verifyEmailChangePage(ctx, { email, codeLength: code.length, validSeconds: code.ttlSeconds, code: flash?.values.code, errors: flash?.errors });
    return sendPage(reply, secure, page, flash?.status ?? 200);
  });

  app.post('/account/email/verify', signedInPage(deps, { returnTo: '/account/email' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, codeForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    // Redirected, so reloading the answer to a wrong code guesses nothing; the code is kept to correct.
    const again = (error: ReturnType<typeof fieldError>) =>
      redirectWithFlash(deps, reply, `/account/email/verify?email=${encodeURIComponent(form.email.trim())}`, { status: 422, errors: [error], values: { code: form.code } });
    if (form.code.trim() === '') return again({ field: 'code', message: ctx.t.codeEntry.codeMissing });
    const result = await services.emailChange.verify(signedIn.session, form.code, ctx.locale, requestContext(request));
    if (result.ok) return seeOther(reply, '/account?email=1');
    if (result.error === 'unauthenticated') return seeOther(reply, '/sign-in');
    return again(fieldError(ctx, result.error, {}, 'code'));
  });

  /** The old address's link opens a question; nothing changes until it is answered (mail scanners open links). */
  app.get<{ Querystring: { code?: string } }>('/account/email/undo', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const token = typeof request.query.code === 'string' && undoToken.test(request.query.code) ? request.query.code : undefined;
    const valid = token !== undefined && (await services.emailChange.canUndo(token));
    return sendPage(reply, secure, undoEmailChangePage(ctx, { code: token ?? '', valid }), valid ? 200 : 404);
  });

  app.post('/account/email/undo', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const form = readForm(request.body, undoForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const undone = undoToken.test(form.code) && (await services.emailChange.undo(form.code, requestContext(request))).ok;
    // Used, expired or broken: the link's page without a code says "Länken fungerar inte" (404).
    if (!undone) return seeOther(reply, '/account/email/undo');
    return seeOther(reply, '/account/email/undone');
  });

  app.get('/account/email/undone', async (request, reply) => sendPage(reply, secure, emailChangeUndonePage(await pageContext(deps, request, reply))));
};
