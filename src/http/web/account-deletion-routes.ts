import type { FastifyPluginAsync } from 'fastify';
import { clearCookie } from './cookies.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { pageContext, rotateCsrfSecret, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { signedInOf, signedInPage } from './session-cookie.ts';
import { messagePage } from './views/message-page.ts';
import { accountDeletedPage, deleteAccountPage } from './views/delete-account-pages.ts';

/**
 * "Ta bort kontot" over the same domain service as DELETE /api/v1/me: a sign-in within the
 * last ten minutes (an older one signs in again and comes back), and the email typed to confirm.
 */
export const accountDeletionRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  const secure = deps.cookies.secure;
  const recent = signedInPage(deps, { returnTo: '/account/delete', recent: true });

  app.get('/account/delete', recent, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, signedInOf(request));
    const flash = takeFlash(deps, request, reply);
    return sendPage(reply, secure, deleteAccountPage(ctx, { errors: flash?.errors, email: flash?.values.email }), flash?.status ?? 200);
  });

  app.post('/account/delete', recent, async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, { email: 1024 } as const);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const result = await services.accountDeletion.deleteOwn(signedIn.session, form.email, ctx.locale);
    if (!result.ok) {
      if (result.error !== 'email_mismatch') return seeOther(reply, '/sign-in');
      const errors = [{ field: 'email', message: form.email.trim() === '' ? ctx.t.deleteAccount.emailMissing : ctx.t.deleteAccount.emailWrong }];
      // Post/Redirect/Get: a reload does not post the confirmation again.
      return redirectWithFlash(deps, reply, '/account/delete', { status: 422, errors, values: { email: form.email } });
    }
    // The session went with the account; the browser forgets its cookie and its CSRF value.
    clearCookie(reply, deps.cookies, 'session');
    rotateCsrfSecret(deps, reply);
    return seeOther(reply, '/account-deleted');
  });

  app.get('/account-deleted', async (request, reply) => sendPage(reply, secure, accountDeletedPage(await pageContext(deps, request, reply))));
};
