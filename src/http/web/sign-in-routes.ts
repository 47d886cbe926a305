import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { locales } from '../../i18n/locale.ts';
import { readCookie, setCookie } from './cookies.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { fieldError } from './field-errors.ts';
import { readForm } from './form-input.ts';
import { csrfSecret, currentSession, pageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { safeReturnTo, withReturnTo } from './return-to.ts';
import { endSession, startSession } from './session-cookie.ts';
import { messagePage } from './views/message-page.ts';
import { tryAgainIn } from './views/format.ts';
import { signInPage } from './views/sign-in-page.ts';
import { websiteAsking } from './website-interaction-routes.ts';
import { format } from '../../i18n/messages.ts';

type SignInQuery = { Querystring: { return_to?: string; reason?: string; reset?: string } };
const signInForm = { email: 1024, password: 4096, keep_signed_in: 8, return_to: 2048 } as const;
// An assertion's toJSON() is about a kilobyte; the form limit (16 KiB) holds it with room.
const passkeyForm = { credential: 12_000, return_to: 2048 } as const;

/**
 * The flow a sign-in page's passkey challenge is bound to: this browser's CSRF value, which
 * changes at every sign-in and sign-out, so a challenge does not outlive the page's session.
 */
export const pageSignInFlow = (deps: WebDeps, request: FastifyRequest, reply: FastifyReply): string => `page:${csrfSecret(deps, request, reply)}`;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export const signInRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const secure = deps.cookies.secure;

  app.get('/', async (request, reply) => seeOther(reply, (await currentSession(deps, request)) ? '/account' : '/sign-in'));

  app.get<SignInQuery>('/sign-in', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const flash = takeFlash(deps, request, reply);
    const reason = request.query.reason;
    const notice =
      reason === 'signed_out' ? ctx.t.signIn.signedOut
      : reason === 'reauthenticate' ? ctx.t.signIn.reauthenticate
      : reason === 'required' ? ctx.t.signIn.required
      : request.query.reset ? ctx.t.signIn.passwordChanged
      : undefined;
    // Signing in again to change security info: the email is known, only the proof is asked for.
    const email = flash?.values.email ?? (reason === 'reauthenticate' ? ctx.signedIn?.email : undefined);
    const returnTo = safeReturnTo(request.query.return_to, deps.services.config.publicUrl);
    const website = await websiteAsking(deps, returnTo);
    const forWebsite =
      website && reason === 'required' ? format(ctx.t.website.signInTo, { client: website.name })
      : website && reason === 'passkey' ? format(ctx.t.website.passkeyAsked, { client: website.name })
      : undefined;
    const passkeyOptions = await deps.services.passkeys.signInOptions(pageSignInFlow(deps, request, reply));
    const refused = flash && { errors: flash.errors, problem: flash.problem, unverified: flash.values.unverified, keepSignedIn: flash.values.keepSignedIn === 'yes' };
    return sendPage(
      reply,
      secure,
      signInPage(ctx, { notice: forWebsite ?? notice, email, returnTo, website, passkeyOptions, reauthenticating: reason === 'reauthenticate', ...refused }),
      flash?.status ?? 200,
    );
  });

  app.post('/sign-in', async (request, reply) => {
    const form = readForm(request.body, signInForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const returnTo = safeReturnTo(form.return_to, deps.services.config.publicUrl);
    const keepSignedIn = form.keep_signed_in === 'yes';
    // Post/Redirect/Get for a refused sign-in too: reloading the answer must not send the
    // password again (a second wrong password would lengthen the wait).
    const again = (errors: NonNullable<Parameters<typeof signInPage>[1]['errors']>, status: number, problem?: string, unverified?: string) =>
      redirectWithFlash(deps, reply, withReturnTo('/sign-in', returnTo), {
        status,
        errors,
        ...(problem === undefined ? {} : { problem }),
        values: { email: form.email, ...(keepSignedIn ? { keepSignedIn: 'yes' } : {}), ...(unverified === undefined ? {} : { unverified }) },
        ...(reply.getHeader('retry-after') === undefined ? {} : { retryAfter: Number(reply.getHeader('retry-after')) }),
      });
    const missing = [
      ...(form.email.trim() === '' ? [fieldError(ctx, 'email_invalid', {}, 'email')] : []),
      ...(form.password === '' ? [{ field: 'password', message: ctx.t.signIn.passwordMissing }] : []),
    ];
    if (missing.length > 0) return again(missing, 422);

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

  /** "Logga in med en nyckel": the assertion the page's script put in the form, for this page's challenge. */
  app.post('/sign-in/passkey', async (request, reply) => {
    const form = readForm(request.body, passkeyForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const returnTo = safeReturnTo(form.return_to, deps.services.config.publicUrl);
    const context = signInContext(request);
    const result = await deps.services.passkeys.signIn(parseCredential(form.credential) as AuthenticationResponseJSON, pageSignInFlow(deps, request, reply), context);
    // One word for every refusal, on the sign-in page after a redirect (with a new challenge there).
    if (!result.ok) return redirectWithFlash(deps, reply, withReturnTo('/sign-in', returnTo), { status: 401, errors: [], problem: ctx.t.signIn.passkeyFailed, values: {} });
    // A passkey lives on the person's own device: the sign-in ends with the browser, as the others do unless kept.
    await startSession(deps, request, reply, result.value.session, false);
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
    // Chosen on the public-computer path (a code journey, or signed in with a code): kept only
    // for the browser session; otherwise remembered for a year.
    const session = await currentSession(deps, request);
    const publicPath = readCookie(request, deps.cookies.name('journey')) !== undefined || session?.method === 'otp';
    setCookie(reply, deps.cookies, 'lang', locale, publicPath ? {} : { maxAgeSeconds: ONE_YEAR_SECONDS });
    return seeOther(reply, safeReturnTo(request.query.return_to, deps.services.config.publicUrl) ?? '/');
  });
};

/** The JSON the script put in the form; anything else is an object the verification refuses. */
function parseCredential(value: string): object {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
