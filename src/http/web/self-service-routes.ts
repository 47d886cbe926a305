import type { FastifyPluginAsync } from 'fastify';
import { checkPassword } from '../../domain/accounts/password-policy.ts';
import { requestContext } from '../request-context.ts';
import { isUuid } from '../validation.ts';
import { fieldError } from './field-errors.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { accountZone, pageContext, type WebDeps } from './page-context.ts';
import { pastLimit } from './past-limit.ts';
import { seeOther, sendPage } from './respond.ts';
import { signedInOf, signedInPage } from './session-cookie.ts';
import type { FieldError } from './views/components.ts';
import { messagePage } from './views/message-page.ts';
import { changePasswordPage, sessionsPage } from './views/self-service-pages.ts';

const passwordForm = { currentPassword: 4096, password: 4096 } as const;

/**
 * "Byt lösenord", "Där du är inloggad" and "Ladda ned dina uppgifter", over the same domain
 * services as /api/v1/me: the pages decide no rule themselves.
 */
export const selfServiceRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  const secure = deps.cookies.secure;

  app.get('/account/password', signedInPage(deps), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const flash = takeFlash(deps, request, reply);
    const recent = services.sessions.requireRecentSignIn(signedIn.session).ok;
    return sendPage(reply, secure, changePasswordPage(ctx, { recent, errors: flash?.errors, problem: flash?.problem }), flash?.status ?? 200);
  });

  app.post('/account/password', signedInPage(deps, { returnTo: '/account/password' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, passwordForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const recent = services.sessions.requireRecentSignIn(signedIn.session).ok;
    const t = ctx.t.changePassword;
    // Post/Redirect/Get: a reload sends no password again (nor counts another wrong one). Both fields are passwords: nothing is kept.
    const again = (status: number, o: { errors?: FieldError[]; problem?: string; retryAfter?: number }) =>
      redirectWithFlash(deps, reply, '/account/password', { status, errors: o.errors ?? [], problem: o.problem, retryAfter: o.retryAfter, values: {} });
    // Every field's error at once, by the domain's own checks (change applies the same).
    const password = checkPassword(form.password, signedIn.email);
    const errors: FieldError[] = [
      ...(!recent && form.currentPassword === '' ? [{ field: 'currentPassword', message: t.currentPasswordRequired }] : []),
      ...(password.ok ? [] : [fieldError(ctx, password.error, {}, 'password')]),
    ];
    if (errors.length > 0) return again(422, { errors });

    const result = await services.passwordChange.change({ session: signedIn.session, currentPassword: form.currentPassword, password: form.password, locale: ctx.locale, context: requestContext(request) });
    if (result.ok) return seeOther(reply, '/account?password=1');
    switch (result.error) {
      case 'credentials_invalid':
        return again(422, { errors: [{ field: 'currentPassword', message: t.currentPasswordWrong }] });
      case 'reauthentication_required':
        return again(422, { errors: [{ field: 'currentPassword', message: t.currentPasswordRequired }] });
      case 'rate_limited':
        return again(429, await pastLimit(deps, ctx, signedIn.session.accountId, t.tooManyAttempts, result.retryAfterSeconds));
      case 'unauthenticated':
        return seeOther(reply, '/sign-in');
      default:
        return again(422, { errors: [fieldError(ctx, result.error, {}, 'password')] });
    }
  });

  app.get<{ Querystring: { ended?: string } }>('/account/sessions', signedInPage(deps, { returnTo: '/account/sessions' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const { ended } = request.query;
    const flash = takeFlash(deps, request, reply);
    const notice = flash ? undefined : ended === 'all' ? ctx.t.sessions.endedOthers : ended ? ctx.t.sessions.ended : undefined;
    const [sessions, zone] = await Promise.all([services.sessions.list(signedIn.session), accountZone(deps, signedIn.session.accountId)]);
    return sendPage(reply, secure, sessionsPage(ctx, { sessions, notice, problem: flash?.problem, zone }), flash?.status ?? 200);
  });

  app.post<{ Params: { id: string } }>('/account/sessions/:id/sign-out', signedInPage(deps, { returnTo: '/account/sessions' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const { id } = request.params;
    const ended = id !== signedIn.session.id && isUuid(id) && (await services.sessions.end(signedIn.session.accountId, id));
    // Already ended, another account's or made up: said on the list, 404, the same for each.
    if (!ended) {
      const ctx = await pageContext(deps, request, reply, signedIn);
      return redirectWithFlash(deps, reply, '/account/sessions', { status: 404, errors: [], problem: ctx.t.sessions.notFound, values: {} });
    }
    return seeOther(reply, '/account/sessions?ended=1');
  });

  app.post('/account/sessions/sign-out-others', signedInPage(deps, { returnTo: '/account/sessions' }), async (request, reply) => {
    await services.sessions.endOthers(signedInOf(request).session);
    return seeOther(reply, '/account/sessions?ended=all');
  });

  /** The same document as GET /api/v1/me/export, as a file to save. */
  app.get('/account/export', signedInPage(deps, { returnTo: '/account' }), async (request, reply) => {
    const data = await services.exporter.export(signedInOf(request).session);
    if (!data) return seeOther(reply, '/sign-in');
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="engangskod-export.json"')
      .send(JSON.stringify(data, null, 2));
  });
};
