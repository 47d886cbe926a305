import type { FastifyPluginAsync } from 'fastify';
import { CLIENT_ID_PATTERN } from '../../config/client-registration.ts';
import { normalizeEmail } from '../../domain/accounts/email.ts';
import { checkPassword } from '../../domain/accounts/password-policy.ts';
import { requestContext } from '../request-context.ts';
import { activityPage } from './views/activity-page.ts';
import { fieldError } from './field-errors.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { accountZone, pageContext, zoneOfPhones, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { signedInOf, signedInPage } from './session-cookie.ts';
import { verifyEmailPath } from './verify-email-routes.ts';
import type { FieldError } from './views/components.ts';
import { createAccountPage } from './views/create-account-page.ts';
import { messagePage } from './views/message-page.ts';
import { tryAgainIn } from './views/format.ts';
import { overviewPage } from './views/overview-page.ts';

const createForm = { email: 1024, password: 4096 } as const;

export const accountPages = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  const secure = deps.cookies.secure;

  app.get('/create-account', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const flash = takeFlash(deps, request, reply);
    return sendPage(reply, secure, createAccountPage(ctx, { email: flash?.values.email, errors: flash?.errors, problem: flash?.problem }), flash?.status ?? 200);
  });

  app.post('/create-account', async (request, reply) => {
    const form = readForm(request.body, createForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    // Post/Redirect/Get for a refusal too: a reload does not send the form (and its password) again.
    const again = (status: number, o: { errors?: FieldError[]; problem?: string; retryAfter?: number }) =>
      redirectWithFlash(deps, reply, '/create-account', { status, errors: o.errors ?? [], problem: o.problem, retryAfter: o.retryAfter, values: { email: form.email } });
    // Every field's error at once, by the domain's own checks (signUp applies the same).
    const email = normalizeEmail(form.email);
    const password = checkPassword(form.password, email.ok ? email.value : form.email);
    const errors = [...(email.ok ? [] : [fieldError(ctx, email.error, {}, 'email')]), ...(password.ok ? [] : [fieldError(ctx, password.error, {}, 'password')])];
    if (errors.length > 0) return again(422, { errors });

    const result = await services.accounts.signUp({ email: form.email, password: form.password, locale: ctx.locale, context: requestContext(request) });
    if (!result.ok) {
      const error = result.error;
      if (error === 'rate_limited') {
        const wait = result.retryAfterSeconds ?? 3600;
        return again(429, { problem: `${ctx.t.createAccount.limitReached} ${tryAgainIn(ctx, wait)}`, retryAfter: wait });
      }
      return again(422, { errors: [fieldError(ctx, error, { email_invalid: 'email', email_confusable: 'email' }, 'password')] });
    }
    // The same next page for a new address and a taken one: only the mail to the address tells which.
    return seeOther(reply, verifyEmailPath(form.email.trim()));
  });

  app.get('/account/activity', signedInPage(deps), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const accountId = signedIn.session.accountId;
    const [events, zone] = await Promise.all([services.activity.list(accountId), accountZone(deps, accountId)]);
    return sendPage(reply, secure, activityPage(ctx, events, zone));
  });

  app.get<{ Querystring: { withdrawn?: string; password?: string; email?: string } }>('/account', signedInPage(deps, { returnTo: '/account' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const accountId = signedIn.session.accountId;
    const [phones, websites] = await Promise.all([services.securityInfo.list(accountId), services.oidc.consents.list(accountId)]);
    const { withdrawn, password, email } = request.query;
    const flash = takeFlash(deps, request, reply);
    const notice = flash ? undefined : withdrawn ? ctx.t.overview.accessWithdrawn : password ? ctx.t.overview.passwordChanged : email ? ctx.t.overview.emailChanged : undefined;
    const page = overviewPage(ctx, { email: signedIn.email, phones, signedInWithCode: signedIn.session.method === 'otp', websites, zone: zoneOfPhones(phones), notice, problem: flash?.problem });
    return sendPage(reply, secure, page, flash?.status ?? 200);
  });

  /** "Ta bort åtkomst": the website's consent goes, and with it its refresh tokens for this account. */
  app.post<{ Params: { clientId: string } }>('/account/websites/:clientId/withdraw', signedInPage(deps, { returnTo: '/account' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const { clientId } = request.params;
    const withdrawn = CLIENT_ID_PATTERN.test(clientId) && (await services.oidc.consents.withdraw(signedIn.session.accountId, clientId));
    // A website never given access (or a form from a page shown before it was removed): said on the overview, 404.
    if (!withdrawn) {
      const ctx = await pageContext(deps, request, reply, signedIn);
      return redirectWithFlash(deps, reply, '/account', { status: 404, errors: [], problem: ctx.t.overview.websiteNotFound, values: {} });
    }
    return seeOther(reply, '/account?withdrawn=1');
  });
};
