import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { normalizeEmail } from '../../domain/accounts/email.ts';
import { checkPassword } from '../../domain/accounts/password-policy.ts';
import { describeRegions } from '../../domain/security-info/regions.ts';
import { parseMobileNumber } from '../../domain/security-info/phone-number.ts';
import { requestContext } from '../request-context.ts';
import { underResponseFloor } from '../response-floor.ts';
import { fieldError, numberFieldError } from './field-errors.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { pageContext, type PageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import type { FieldError } from './views/components.ts';
import { tryAgainAt, tryAgainIn } from './views/format.ts';
import { zoneOfRegion } from './views/time-zone.ts';
import { messagePage } from './views/message-page.ts';
import { forgotPasswordPage, resetPasswordPage, type ForgotPasswordView, type ResetChannel } from './views/password-reset-pages.ts';

type ResetQuery = { Querystring: { email?: unknown; via?: unknown } };
/** `altcha`: the proof of work the widget adds once the client's free allowance is spent. */
const requestForm = { email: 1024, via: 8, region: 8, number: 64, altcha: 4096 } as const;
const completeForm = { email: 1024, via: 8, code: 64, password: 4096 } as const;

const channelOf = (value: unknown): ResetChannel | undefined => (value === 'mail' || value === 'text' ? value : undefined);
const queryEmail = (value: unknown): string | undefined => (typeof value === 'string' && value.length <= 1024 ? value : undefined);

/**
 * "Glömt lösenordet?": where the code goes ("E-post" or "Textmeddelande"), then the code and a
 * new password. Every rule (matching, limits, the password policy, single use) is the password
 * reset service's, the same the JSON API calls; the pages only gather every field's error at
 * once, with the domain's own checks, so a person fixes them in one go.
 */
export const forgotPasswordRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  const secure = deps.cookies.secure;
  const regions = (ctx: PageContext) => describeRegions(services.config.regions, ctx.locale);
  const otp = services.config.otp;

  /** The errors a request form has before anything is looked up: all of them, not the first. */
  const requestErrors = (ctx: PageContext, form: Record<keyof typeof requestForm, string>, via: ResetChannel | undefined): FieldError[] => {
    const errors: FieldError[] = [];
    const email = normalizeEmail(form.email);
    if (!email.ok) errors.push(fieldError(ctx, email.error, {}, 'email'));
    if (!via) errors.push({ field: 'via', message: ctx.t.forgotPassword.viaMissing });
    if (via === 'text') {
      const number = parseMobileNumber(form.region, form.number, services.config.regions);
      if (!number.ok) errors.push(numberFieldError(ctx, number.error, form.region, form.number, services.config.regions));
    }
    return errors;
  };

  /**
   * Past the free allowance the browser proves some work and the form goes again by itself: the
   * one refusal answered with the page itself, as the form must be posted again with the proof.
   */
  const proofPage = async (ctx: PageContext, reply: FastifyReply, view: ForgotPasswordView, retryAfterSeconds: number | undefined) => {
    if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
    // The network's hourly allowance, not the day's limit; a time in the zone of the number's
    // region when the code is to go by text, else the service's home.
    const zone = zoneOfRegion(view.via === 'text' ? view.region : undefined);
    const wait = tryAgainAt(ctx, retryAfterSeconds ?? 60, services.clock.now(), zone);
    const challenge = JSON.stringify(await services.proofOfWork.challenge());
    return sendPage(reply, secure, forgotPasswordPage(ctx, { ...view, proofOfWork: { challenge, wait } }), 429);
  };

  app.get<ResetQuery>('/forgot-password', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const flash = takeFlash(deps, request, reply);
    const typed = flash?.values;
    const view: ForgotPasswordView = typed
      ? { regions: regions(ctx), email: typed.email, via: channelOf(typed.via), region: typed.region, number: typed.number, errors: flash.errors, problem: flash.problem }
      : { regions: regions(ctx), email: queryEmail(request.query.email), via: channelOf(request.query.via) };
    return sendPage(reply, secure, forgotPasswordPage(ctx, view), flash?.status ?? 200);
  });

  app.post('/forgot-password', underResponseFloor, async (request, reply) => {
    const form = readForm(request.body, requestForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const via = channelOf(form.via);
    const view: ForgotPasswordView = { regions: regions(ctx), email: form.email, via, region: form.region, number: form.number };
    // Post/Redirect/Get for refusals too, filled in again: a reload sends no second request.
    const again = (status: number, o: { errors?: FieldError[]; problem?: string; retryAfter?: number }) =>
      redirectWithFlash(deps, reply, '/forgot-password', {
        status, errors: o.errors ?? [], problem: o.problem, retryAfter: o.retryAfter,
        values: { email: form.email, via: form.via, region: form.region, number: form.number },
      });
    const errors = requestErrors(ctx, form, via);
    if (errors.length > 0) return again(422, { errors });
    const result = await services.passwordReset.request({
      email: form.email,
      ...(via === 'text' ? { region: form.region, number: form.number } : {}),
      locale: ctx.locale,
      context: { ...requestContext(request), clientIp: request.ip },
      proof: form.altcha === '' ? undefined : form.altcha,
    });
    if (!result.ok) {
      const error = result.error;
      if (error === 'proof_of_work_required') return proofPage(ctx, reply, view, result.retryAfterSeconds);
      if (error === 'rate_limited') {
        return again(429, { problem: `${ctx.t.codeRequest.limitReached} ${tryAgainIn(ctx, result.retryAfterSeconds)}`, retryAfter: result.retryAfterSeconds });
      }
      return again(422, { errors: [fieldError(ctx, error, { email_invalid: 'email', email_confusable: 'email', region_unsupported: 'region' }, 'number')] });
    }
    // The same next page for every outcome: nothing says whether an account or number matched.
    return seeOther(reply, `/forgot-password/code?${new URLSearchParams({ email: form.email.trim(), via: via ?? 'mail' }).toString()}`);
  });

  app.get<ResetQuery>('/forgot-password/code', async (request, reply) => {
    const email = queryEmail(request.query.email);
    if (!email) return seeOther(reply, '/forgot-password');
    const ctx = await pageContext(deps, request, reply);
    const flash = takeFlash(deps, request, reply);
    const view = { email, via: channelOf(request.query.via) ?? 'mail', codeLength: otp.length, validSeconds: otp.ttlSeconds };
    if (flash) return sendPage(reply, secure, resetPasswordPage(ctx, { ...view, code: flash.values.code, errors: flash.errors }), flash.status);
    return sendPage(reply, secure, resetPasswordPage(ctx, view));
  });

  app.post('/forgot-password/code', underResponseFloor, async (request, reply) => {
    const form = readForm(request.body, completeForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const via = channelOf(form.via) ?? 'mail';
    // Redirected, refused or not: a reload guesses no code and sends no password. The code is kept, the password never.
    const back = (status: number, errors: FieldError[]) =>
      redirectWithFlash(deps, reply, `/forgot-password/code?${new URLSearchParams({ email: form.email.trim(), via }).toString()}`, { status, errors, values: { code: form.code } });
    // Every field's error at once; the policy is the domain's, the same `complete` applies.
    const errors: FieldError[] = [];
    if (form.code.trim() === '') errors.push({ field: 'code', message: ctx.t.resetPassword.codeMissing });
    const email = normalizeEmail(form.email);
    const password = form.password === '' ? undefined : checkPassword(form.password, email.ok ? email.value : form.email);
    if (!password) errors.push({ field: 'password', message: ctx.t.resetPassword.passwordMissing });
    else if (!password.ok) errors.push(fieldError(ctx, password.error, {}, 'password'));
    if (errors.length > 0) return back(422, errors);

    const result = await services.passwordReset.complete({ email: form.email, code: form.code, password: form.password, locale: ctx.locale, context: requestContext(request) });
    if (!result.ok) {
      // One message for wrong, used, older and expired codes and unknown addresses alike, as at sign-in.
      const code = result.error === 'code_invalid';
      return back(code ? 401 : 422, [fieldError(ctx, result.error, {}, code ? 'code' : 'password')]);
    }
    return seeOther(reply, '/sign-in?reset=1');
  });
};
