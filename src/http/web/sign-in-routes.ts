import type { FastifyPluginAsync } from 'fastify';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { locales } from '../../i18n/locale.ts';
import { setCookie } from './cookies.ts';
import { fieldError } from './field-errors.ts';
import { readForm } from './form-input.ts';
import { currentSession, pageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { safeReturnTo } from './return-to.ts';
import { endSession, startSession } from './session-cookie.ts';
import { messagePage } from './views/message-page.ts';
import { tryAgainIn } from './views/format.ts';
import { signInPage } from './views/sign-in-page.ts';
import { websiteAsking } from './website-interaction-routes.ts';
import { format } from '../../i18n/messages.ts';

type SignInQuery = { Querystring: { return_to?: string; reason?: string; reset?: string } };
const signInForm = { email: 1024, password: 4096, keep_signed_in: 8, return_to: 2048 } as const;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export const signInRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const secure = deps.cookies.secure;

  app.get('/', async (request, reply) => seeOther(reply, (await currentSession(deps, request)) ? '/account' : '/sign-in'));

  app.get<SignInQuery>('/sign-in', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const reason = request.query.reason;
    const notice =
      reason === 'signed_out' ? ctx.t.signIn.signedOut
      : reason === 'reauthenticate' ? ctx.t.signIn.reauthenticate
      : reason === 'required' ? ctx.t.signIn.required
      : request.query.reset ? ctx.t.signIn.passwordChanged
      : undefined;
    // Signing in again to change security info: the email is known, only the proof is asked for.
    const email = reason === 'reauthenticate' ? ctx.signedIn?.email : undefined;
    const returnTo = safeReturnTo(request.query.return_to, deps.services.config.publicUrl);
    const website = await websiteAsking(deps, returnTo);
    const forWebsite = website && reason === 'required' ? format(ctx.t.website.signInTo, { client: website.name }) : undefined;
    return sendPage(reply, secure, signInPage(ctx, { notice: forWebsite ?? notice, email, returnTo, website }));
  });

  app.post('/sign-in', async (request, reply) => {
    const form = readForm(request.body, signInForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const returnTo = safeReturnTo(form.return_to, deps.services.config.publicUrl);
    const keepSignedIn = form.keep_signed_in === 'yes';
    const again = async (errors: Parameters<typeof signInPage>[1]['errors'], status: number, problem?: string, unverified?: string) =>
      sendPage(reply, secure, signInPage(ctx, { email: form.email, keepSignedIn, returnTo, errors, problem, unverified, website: await websiteAsking(deps, returnTo) }), status);
    if (form.email.trim() === '') return again([fieldError(ctx, 'email_invalid', {}, 'email')], 422);
    if (form.password === '') return again([{ field: 'password', message: ctx.t.signIn.passwordMissing }], 422);

    const context = signInContext(request);
    const result = await deps.services.passwordSignIn.signIn(form.email, form.password, context, ctx.locale);
    if (!result.ok) {
      const code = result.error;
      // Repeated wrong passwords make the next try wait a while.
      if (code === 'rate_limited') {
        if (result.retryAfterSeconds !== undefined) reply.header('retry-after', String(result.retryAfterSeconds));
        return again([], 429, `${ctx.t.signIn.tooManyAttempts} ${tryAgainIn(ctx, result.retryAfterSeconds)} ${ctx.t.signIn.codeInstead}`);
      }
      // Told only to whoever knows the password: the way to prove the address (a new code, or the code page).
      if (code === 'email_unverified') return again([], 403, undefined, form.email.trim());
      return again([fieldError(ctx, code, {}, 'password')], 401);
    }
    await startSession(deps, request, reply, result.value, keepSignedIn);
    keepDevice(reply, deps.services.config, context.deviceId);
    return seeOther(reply, returnTo ?? '/account');
  });

  app.post('/sign-out', async (request, reply) => {
    await endSession(deps, request, reply);
    return seeOther(reply, '/sign-in?reason=signed_out');
  });

  /** The language switcher: a plain link, remembered for a year, back to the same page. */
  app.get<{ Params: { locale: string }; Querystring: { return_to?: string } }>('/language/:locale', async (request, reply) => {
    const locale = locales.find((l) => l === request.params.locale);
    if (!locale) {
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, secure, messagePage(ctx, 'notFound'), 404);
    }
    setCookie(reply, deps.cookies, 'lang', locale, { maxAgeSeconds: ONE_YEAR_SECONDS });
    return seeOther(reply, safeReturnTo(request.query.return_to, deps.services.config.publicUrl) ?? '/');
  });
};
