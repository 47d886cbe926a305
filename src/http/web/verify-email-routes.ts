import type { FastifyPluginAsync } from 'fastify';
import { lettersToCode } from '../../domain/accounts/link-code.ts';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { requestContext } from '../request-context.ts';
import { underResponseFloor } from '../response-floor.ts';
import { fieldError } from './field-errors.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { pageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { startSession } from './session-cookie.ts';
import type { FieldError } from './views/components.ts';
import { tryAgainIn } from './views/format.ts';
import { messagePage } from './views/message-page.ts';
import { verifyEmailPage, type VerifyEmailView } from './views/verify-email-page.ts';

type VerifyQuery = { Querystring: { email?: unknown; code?: unknown; sent?: unknown } };
const verifyForm = { email: 1024, code: 64 } as const;
const resendForm = { email: 1024 } as const;

/** The code page for an address, as sign-up and "send the code again" lead to it. */
export const verifyEmailPath = (email: string, extra: Record<string, string> = {}): string =>
  `/verify-email?${new URLSearchParams({ email, ...extra }).toString()}`;

/** A query value as one short string; a repeated or overlong one counts as absent. */
const queryText = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= max ? value : undefined;

/** The digits a link's code stands for (the mail spells them in letters); digits pass as they are. */
const linkCode = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : (lettersToCode(value) ?? (/^[0-9]{1,20}$/.test(value) ? value : undefined));

/**
 * "Bekräfta din e-postadress": the code from the sign-up mail proves the address and signs in.
 * The mail's link only opens the page with the code filled in: a GET changes nothing, since
 * mail scanners open links; the person's press of "Bekräfta" does.
 */
export const verifyEmailRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  const secure = deps.cookies.secure;
  const base = (email: string | undefined): VerifyEmailView => ({
    email,
    codeLength: services.config.otp.length,
    validSeconds: services.config.otp.ttlSeconds,
  });

  app.get<VerifyQuery>('/verify-email', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const flash = takeFlash(deps, request, reply);
    const email = queryText(request.query.email, 1024);
    const code = flash?.values.code ?? (email ? linkCode(queryText(request.query.code, 64)) : undefined);
    const notice = request.query.sent === 'again' && !flash ? ctx.t.verifyEmail.sentAgain : undefined;
    return sendPage(reply, secure, verifyEmailPage(ctx, { ...base(email), code, notice, errors: flash?.errors, problem: flash?.problem }), flash?.status ?? 200);
  });

  app.post('/verify-email', underResponseFloor, async (request, reply) => {
    const form = readForm(request.body, verifyForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    // Post/Redirect/Get: reloading the answer to a wrong code must not guess again.
    const again = (errors: FieldError[]) =>
      redirectWithFlash(deps, reply, form.email.trim() ? verifyEmailPath(form.email.trim()) : '/verify-email', { status: 422, errors, values: { code: form.code } });
    const missing = [
      ...(form.email.trim() === '' ? [fieldError(ctx, 'email_invalid', {}, 'email')] : []),
      ...(form.code.trim() === '' ? [{ field: 'code', message: ctx.t.verifyEmail.codeMissing }] : []),
    ];
    if (missing.length > 0) return again(missing);
    const context = signInContext(request);
    const result = await services.accounts.verifyEmail(form.email, form.code, context);
    // One friendly message for wrong, used, older and expired codes and unknown addresses alike.
    if (!result.ok) return again([fieldError(ctx, result.error, {}, 'code')]);
    await startSession(deps, request, reply, result.value, false);
    keepDevice(reply, services.config, context.deviceId);
    return seeOther(reply, '/account');
  });

  /** "Skicka koden igen": answered alike for every address, so it tells no one which are waiting. */
  app.post('/verify-email/resend', async (request, reply) => {
    const form = readForm(request.body, resendForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const result = await services.accounts.resendVerification(form.email, ctx.locale, requestContext(request));
    if (result.ok) return seeOther(reply, verifyEmailPath(form.email.trim(), { sent: 'again' }));
    // Refusals redirect too, so the page after the limit cannot be sent again by a reload.
    const back = form.email.trim() ? verifyEmailPath(form.email.trim()) : '/verify-email';
    if (result.error === 'rate_limited') {
      const problem = `${ctx.t.verifyEmail.limitReached} ${tryAgainIn(ctx, result.retryAfterSeconds)}`;
      return redirectWithFlash(deps, reply, back, { status: 429, errors: [], problem, values: {}, ...(result.retryAfterSeconds === undefined ? {} : { retryAfter: result.retryAfterSeconds }) });
    }
    return redirectWithFlash(deps, reply, back, { status: 422, errors: [fieldError(ctx, result.error, {}, 'email')], values: {} });
  });
};
