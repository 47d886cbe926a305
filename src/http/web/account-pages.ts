import type { FastifyPluginAsync } from 'fastify';
import { CLIENT_ID_PATTERN } from '../../config/client-registration.ts';
import { activityPage } from './views/activity-page.ts';
import { fieldError } from './field-errors.ts';
import { readForm } from './form-input.ts';
import { pageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { signedInOf, signedInPage, startSession } from './session-cookie.ts';
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
    return sendPage(reply, secure, createAccountPage(ctx, {}));
  });

  app.post('/create-account', async (request, reply) => {
    const form = readForm(request.body, createForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const result = await services.accounts.signUp(form.email, form.password, request.ip);
    if (!result.ok && result.error === 'rate_limited') {
      const wait = result.retryAfterSeconds ?? 3600;
      reply.header('retry-after', String(wait));
      const problem = `${ctx.t.createAccount.limitReached} ${tryAgainIn(ctx, wait)}`;
      return sendPage(reply, secure, createAccountPage(ctx, { email: form.email, problem }), 429);
    }
    if (!result.ok) {
      const errors = [fieldError(ctx, result.error, { email_invalid: 'email', email_confusable: 'email', email_taken: 'email' }, 'password')];
      return sendPage(reply, secure, createAccountPage(ctx, { email: form.email, errors }), result.error === 'email_taken' ? 409 : 422);
    }
    // A new account is signed in straight away, by the password just chosen.
    await startSession(deps, request, reply, await services.sessions.create(result.value.id, 'pwd'), false);
    return seeOther(reply, '/account');
  });

  app.get('/account/activity', signedInPage(deps), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    return sendPage(reply, secure, activityPage(ctx, await services.activity.list(signedIn.session.accountId)));
  });

  app.get<{ Querystring: { withdrawn?: string } }>('/account', signedInPage(deps, { returnTo: '/account' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const accountId = signedIn.session.accountId;
    const [phones, websites] = await Promise.all([services.securityInfo.list(accountId), services.oidc.consents.list(accountId)]);
    const notice = request.query.withdrawn ? ctx.t.overview.accessWithdrawn : undefined;
    return sendPage(reply, secure, overviewPage(ctx, { email: signedIn.email, phones, signedInWithCode: signedIn.session.method === 'otp', websites, notice }));
  });

  /** "Ta bort åtkomst": the website's consent goes, and with it its refresh tokens for this account. */
  app.post<{ Params: { clientId: string } }>('/account/websites/:clientId/withdraw', signedInPage(deps, { returnTo: '/account' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const { clientId } = request.params;
    const withdrawn = CLIENT_ID_PATTERN.test(clientId) && (await services.oidc.consents.withdraw(signedIn.session.accountId, clientId));
    if (!withdrawn) return sendPage(reply, secure, messagePage(await pageContext(deps, request, reply, signedIn), 'notFound'), 404);
    return seeOther(reply, '/account?withdrawn=1');
  });
};
