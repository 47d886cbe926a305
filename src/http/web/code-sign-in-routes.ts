import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { requestContext } from '../request-context.ts';
import { underResponseFloor } from '../response-floor.ts';
import { describeRegions } from '../../domain/security-info/regions.ts';
import { parseMobileNumber } from '../../domain/security-info/phone-number.ts';
import { fieldError } from './field-errors.ts';
import { readForm } from './form-input.ts';
import { endJourney, readJourney, saveJourney, type CodeJourney } from './journey.ts';
import { pageContext, pageLocale, type PageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { safeReturnTo, withReturnTo } from './return-to.ts';
import { startSession } from './session-cookie.ts';
import { codeEntryPage } from './views/code-entry-page.ts';
import { codeRequestPage, type CodeRequestView } from './views/code-request-page.ts';
import { format } from '../../i18n/messages.ts';
import { describeWait, maskedNumber, tryAgainIn } from './views/format.ts';
import { messagePage } from './views/message-page.ts';

type ReturnQuery = { Querystring: { return_to?: string; change?: string; sent?: string } };
/** `altcha`: the proof of work the widget adds once the client's free allowance is spent. */
const requestForm = { email: 1024, region: 8, number: 64, return_to: 2048, altcha: 4096 } as const;
const codeForm = { code: 64 } as const;

/**
 * "Hämta en engångskod att logga in med": email → place → number → "Skicka textmeddelande"
 * → the code page → signed in. Every rule (limits, matching, single use) is the code sign-in
 * service's, the same one the JSON API calls.
 */
export const codeSignInRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services, cookies } = deps;
  const secure = cookies.secure;
  const regions = (ctx: PageContext) => describeRegions(services.config.regions, ctx.locale);

  const entryView = (ctx: PageContext, journey: CodeJourney) => {
    const parsed = parseMobileNumber(journey.region, journey.number, services.config.regions);
    return {
      email: journey.email,
      maskedNumber: parsed.ok ? maskedNumber(parsed.value.e164) : journey.number,
      codeLength: services.config.otp.length,
      returnTo: journey.returnTo,
    };
  };

  /** The page's words for a request refused by the client's own limits: a wait, or the day's limit. */
  const refusal = (ctx: PageContext, reply: FastifyReply, error: 'rate_limited' | 'resend_too_soon', retryAfterSeconds: number | undefined) => {
    if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
    if (error === 'resend_too_soon') return format(ctx.t.codeRequest.resendTooSoon, { duration: describeWait(ctx, retryAfterSeconds ?? 60) });
    return `${ctx.t.codeRequest.limitReached} ${tryAgainIn(ctx, retryAfterSeconds)}`;
  };

  /** The request form again, filled in, with a challenge the browser solves before it sends the form once more. */
  const proofPage = async (ctx: PageContext, reply: FastifyReply, view: Omit<CodeRequestView, 'regions'>, retryAfterSeconds: number | undefined) => {
    const challenge = JSON.stringify(await services.proofOfWork.challenge());
    const wait = refusal(ctx, reply, 'rate_limited', retryAfterSeconds);
    return sendPage(reply, secure, codeRequestPage(ctx, { ...view, regions: regions(ctx), proofOfWork: { challenge, wait } }), 429);
  };

  app.get<ReturnQuery>('/sign-in/code', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    // Filled in again only when the person asked to change what they typed, not for the next person at the computer.
    const journey = request.query.change ? readJourney(deps, request) : undefined;
    return sendPage(reply, secure, codeRequestPage(ctx, {
      regions: regions(ctx),
      email: journey?.email,
      region: journey?.region,
      number: journey?.number,
      returnTo: journey?.returnTo ?? safeReturnTo(request.query.return_to, deps.services.config.publicUrl),
    }));
  });

  app.post('/sign-in/code', underResponseFloor, async (request, reply) => {
    const form = readForm(request.body, requestForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const returnTo = safeReturnTo(form.return_to, deps.services.config.publicUrl);
    const result = await services.codeSignIn.request({
      email: form.email,
      region: form.region,
      number: form.number,
      ...requestContext(request),
      clientIp: request.ip,
      locale: pageLocale(request, cookies),
      proof: form.altcha === '' ? undefined : form.altcha,
    });
    if (!result.ok) {
      const view = { regions: regions(ctx), email: form.email, region: form.region, number: form.number, returnTo };
      if (result.error === 'proof_of_work_required') return proofPage(ctx, reply, view, result.retryAfterSeconds);
      if (result.error === 'rate_limited' || result.error === 'resend_too_soon') {
        return sendPage(reply, secure, codeRequestPage(ctx, { ...view, problem: refusal(ctx, reply, result.error, result.retryAfterSeconds) }), 429);
      }
      const errors = [fieldError(ctx, result.error, { email_invalid: 'email', email_confusable: 'email', region_unsupported: 'region' }, 'number')];
      return sendPage(reply, secure, codeRequestPage(ctx, { ...view, errors }), 422);
    }
    saveJourney(deps, reply, { email: form.email, region: form.region, number: form.number, returnTo });
    return seeOther(reply, '/sign-in/code/enter');
  });

  app.get<ReturnQuery>('/sign-in/code/enter', async (request, reply) => {
    const journey = readJourney(deps, request);
    if (!journey) return seeOther(reply, '/sign-in/code');
    const ctx = await pageContext(deps, request, reply);
    const notice = request.query.sent === 'again' ? ctx.t.codeEntry.sentAgain : undefined;
    return sendPage(reply, secure, codeEntryPage(ctx, { ...entryView(ctx, journey), notice }));
  });

  app.post('/sign-in/code/enter', underResponseFloor, async (request, reply) => {
    const journey = readJourney(deps, request);
    if (!journey) return seeOther(reply, '/sign-in/code');
    const form = readForm(request.body, codeForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    if (form.code.trim() === '') {
      const errors = [{ field: 'code', message: ctx.t.codeEntry.codeMissing }];
      return sendPage(reply, secure, codeEntryPage(ctx, { ...entryView(ctx, journey), errors }), 422);
    }
    const context = signInContext(request);
    const result = await services.codeSignIn.redeem(journey.email, form.code, context, ctx.locale);
    if (!result.ok) {
      // One friendly message for wrong, used, older and expired codes alike.
      const errors = [fieldError(ctx, result.error, {}, 'code')];
      return sendPage(reply, secure, codeEntryPage(ctx, { ...entryView(ctx, journey), errors }), 401);
    }
    endJourney(deps, reply);
    await startSession(deps, request, reply, result.value, false);
    keepDevice(reply, deps.services.config, context.deviceId);
    return seeOther(reply, journey.returnTo ?? '/account');
  });

  /** "Skicka en ny kod": the same request again; older codes stop working. */
  app.post('/sign-in/code/resend', underResponseFloor, async (request, reply) => {
    const journey = readJourney(deps, request);
    if (!journey) return seeOther(reply, '/sign-in/code');
    const ctx = await pageContext(deps, request, reply);
    const result = await services.codeSignIn.request({ ...journey, ...requestContext(request), clientIp: request.ip, locale: ctx.locale });
    if (result.ok) return seeOther(reply, '/sign-in/code/enter?sent=again');
    if (result.error === 'proof_of_work_required') return proofPage(ctx, reply, journey, result.retryAfterSeconds);
    if (result.error === 'rate_limited' || result.error === 'resend_too_soon') {
      const problem = refusal(ctx, reply, result.error, result.retryAfterSeconds);
      return sendPage(reply, secure, codeEntryPage(ctx, { ...entryView(ctx, journey), problem }), 429);
    }
    return seeOther(reply, withReturnTo('/sign-in/code', journey.returnTo, { change: '1' }));
  });
};
