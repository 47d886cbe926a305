import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { keepDevice, signInContext } from '../device-cookie.ts';
import { requestContext } from '../request-context.ts';
import { underResponseFloor } from '../response-floor.ts';
import { describeRegions } from '../../domain/security-info/regions.ts';
import { normalizeEmail } from '../../domain/accounts/email.ts';
import { parseMobileNumber } from '../../domain/security-info/phone-number.ts';
import { isWellFormedCode } from '../../domain/sign-in/one-time-codes.ts';
import { readCookie, setCookie } from './cookies.ts';
import { fieldError, numberFieldError } from './field-errors.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { endJourney, readJourney, saveJourney, type CodeJourney, type CodeOutcome } from './journey.ts';
import { pageContext, pageLocale, type PageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { safeReturnTo, withReturnTo } from './return-to.ts';
import { startSession } from './session-cookie.ts';
import { codeEntryPage } from './views/code-entry-page.ts';
import { codeRequestPage, type CodeRequestView } from './views/code-request-page.ts';
import { format } from '../../i18n/messages.ts';
import type { FieldError } from './views/components.ts';
import { describeWait, maskedNumber, tryAgainAt, tryAgainIn } from './views/format.ts';
import { messagePage } from './views/message-page.ts';
import { zoneOfRegion } from './views/time-zone.ts';

type ReturnQuery = { Querystring: { return_to?: string; change?: string } };
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
  const otp = services.config.otp;
  const regions = (ctx: PageContext) => describeRegions(services.config.regions, ctx.locale);
  const now = () => services.clock.now();

  /** What the last form on the code page led to, as the page says it, and the status it is sent with. */
  const outcomeView = (ctx: PageContext, journey: CodeJourney, outcome: CodeOutcome | undefined): { errors?: FieldError[]; problem?: string; notice?: string; status: number } => {
    const t = ctx.t.codeEntry;
    switch (outcome?.kind) {
      case undefined: return { status: 200 };
      case 'sent_again': return { notice: t.sentAgain, status: 200 };
      case 'missing': return { errors: [{ field: 'code', message: t.codeMissing }], status: 422 };
      case 'malformed': return { errors: [{ field: 'code', message: format(t.malformed, { length: otp.length }) }], status: 422 };
      case 'wrong': {
        // Counted in this browser's journey, not read from the code: the same for a code that
        // exists and one that does not, so it tells no one whether the details matched.
        const left = Math.max(0, otp.maxAttempts - (journey.wrong ?? 0));
        const form = new Intl.PluralRules(ctx.locale).select(left) === 'one' ? t.wrongCode.one : t.wrongCode.other;
        const message = left === 0 ? t.usedUp : `${format(form, { n: left })} ${t.wrongCodeOlder}`;
        return { errors: [{ field: 'code', message }], status: 401 };
      }
      case 'too_soon': case 'limit': {
        const seconds = Math.ceil((outcome.until - now()) / 1000);
        if (seconds <= 0) return { status: 200 };
        return { problem: wording(ctx, outcome.kind, seconds), status: 429 };
      }
    }
  };

  const entryView = (ctx: PageContext, journey: CodeJourney) => {
    const parsed = parseMobileNumber(journey.region, journey.number, services.config.regions);
    const opens = journey.sentAt === undefined ? undefined : journey.sentAt + otp.resendSeconds * 1000;
    return {
      email: journey.email,
      maskedNumber: parsed.ok ? maskedNumber(parsed.value.e164) : journey.number,
      codeLength: otp.length,
      ttlSeconds: otp.ttlSeconds,
      resendOpensAt: opens !== undefined && opens > now() ? opens : undefined,
      now: now(),
      zone: zoneOfRegion(journey.region),
      returnTo: journey.returnTo,
    };
  };

  /** The page's words for a request refused by the client's own limits: a wait, or the day's limit. */
  const wording = (ctx: PageContext, kind: 'too_soon' | 'limit', retryAfterSeconds: number | undefined) => {
    if (kind === 'too_soon') return format(ctx.t.codeRequest.resendTooSoon, { duration: describeWait(ctx, retryAfterSeconds ?? 60) });
    return `${ctx.t.codeRequest.limitReached} ${tryAgainIn(ctx, retryAfterSeconds)}`;
  };
  const kindOf = (error: 'rate_limited' | 'resend_too_soon') => (error === 'resend_too_soon' ? 'too_soon' : 'limit');

  /**
   * The request form again, filled in, with a challenge the browser solves before it sends the
   * form once more. The one answer that is not a redirect: the form must be posted again, with
   * the proof, and a reload only asks for a new challenge (nothing is spent without a proof).
   */
  const proofPage = async (ctx: PageContext, reply: FastifyReply, view: Omit<CodeRequestView, 'regions'>, retryAfterSeconds: number | undefined) => {
    const challenge = JSON.stringify(await services.proofOfWork.challenge());
    if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
    // The network's hourly allowance, said as every limit page says its wait (in the zone of
    // the number's region, as the code page says its times): not the day's limit, which is another.
    const wait = tryAgainAt(ctx, retryAfterSeconds ?? 60, now(), zoneOfRegion(view.region));
    return sendPage(reply, secure, codeRequestPage(ctx, { ...view, regions: regions(ctx), proofOfWork: { challenge, wait } }), 429);
  };

  /** Every field's error at once, with the domain's own checks, before anything is looked up. */
  const requestErrors = (ctx: PageContext, form: { email: string; region: string; number: string }): FieldError[] => {
    const errors: FieldError[] = [];
    const email = normalizeEmail(form.email);
    if (!email.ok) errors.push(fieldError(ctx, email.error, {}, 'email'));
    const number = parseMobileNumber(form.region, form.number, services.config.regions);
    if (!number.ok) errors.push(numberFieldError(ctx, number.error, form.region, form.number, services.config.regions));
    return errors;
  };

  app.get<ReturnQuery>('/sign-in/code', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    const flash = takeFlash(deps, request, reply);
    // Filled in again only when the person asked to change what they typed, not for the next person at the computer.
    const journey = request.query.change ? readJourney(deps, request) : undefined;
    const typed = flash?.values ?? journey;
    return sendPage(reply, secure, codeRequestPage(ctx, {
      regions: regions(ctx),
      email: typed?.email,
      region: typed?.region,
      number: typed?.number,
      returnTo: flash?.values.returnTo ?? journey?.returnTo ?? safeReturnTo(request.query.return_to, deps.services.config.publicUrl),
      errors: flash?.errors,
      problem: flash?.problem,
    }), flash?.status ?? 200);
  });

  app.post('/sign-in/code', underResponseFloor, async (request, reply) => {
    const form = readForm(request.body, requestForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const returnTo = safeReturnTo(form.return_to, deps.services.config.publicUrl);
    const values = { email: form.email, region: form.region, number: form.number, ...(returnTo ? { returnTo } : {}) };
    const errors = requestErrors(ctx, form);
    if (errors.length > 0) return redirectWithFlash(deps, reply, '/sign-in/code', { status: 422, errors, values });
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
      const view = { email: form.email, region: form.region, number: form.number, returnTo };
      if (result.error === 'proof_of_work_required') return proofPage(ctx, reply, view, result.retryAfterSeconds);
      if (result.error === 'rate_limited' || result.error === 'resend_too_soon') {
        const problem = wording(ctx, kindOf(result.error), result.retryAfterSeconds);
        return redirectWithFlash(deps, reply, '/sign-in/code', { status: 429, errors: [], problem, values, retryAfter: result.retryAfterSeconds });
      }
      const fieldErrors = [fieldError(ctx, result.error, { email_invalid: 'email', email_confusable: 'email', region_unsupported: 'region' }, 'number')];
      return redirectWithFlash(deps, reply, '/sign-in/code', { status: 422, errors: fieldErrors, values });
    }
    saveJourney(deps, reply, { email: form.email, region: form.region, number: form.number, returnTo, sentAt: now(), wrong: 0 });
    return seeOther(reply, '/sign-in/code/enter');
  });

  app.get<ReturnQuery>('/sign-in/code/enter', async (request, reply) => {
    const journey = readJourney(deps, request);
    if (!journey) return seeOther(reply, '/sign-in/code');
    const ctx = await pageContext(deps, request, reply);
    const { status, ...said } = outcomeView(ctx, journey, journey.outcome);
    const outcome = journey.outcome;
    if (outcome && (outcome.kind === 'too_soon' || outcome.kind === 'limit') && status === 429) {
      reply.header('retry-after', String(Math.ceil((outcome.until - now()) / 1000)));
    }
    return sendPage(reply, secure, codeEntryPage(ctx, { ...entryView(ctx, journey), ...said }), status);
  });

  /**
   * Every answer is a redirect to the code page, which says how it went (Post/Redirect/Get):
   * reloading that page posts nothing, so it never counts a second guess.
   */
  app.post('/sign-in/code/enter', underResponseFloor, async (request, reply) => {
    const journey = readJourney(deps, request);
    if (!journey) return seeOther(reply, '/sign-in/code');
    const form = readForm(request.body, codeForm);
    const ctx = await pageContext(deps, request, reply);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const back = (next: CodeJourney) => {
      saveJourney(deps, reply, next);
      return seeOther(reply, '/sign-in/code/enter');
    };
    if (form.code.trim() === '') return back({ ...journey, outcome: { kind: 'missing' } });
    // A code of the wrong length is a typo, not a guess: said as such, and not counted.
    if (!isWellFormedCode(form.code, otp.length)) return back({ ...journey, outcome: { kind: 'malformed' } });
    const context = signInContext(request);
    const result = await services.codeSignIn.redeem(journey.email, form.code, context, ctx.locale);
    if (!result.ok) return back({ ...journey, wrong: (journey.wrong ?? 0) + 1, outcome: { kind: 'wrong' } });
    endJourney(deps, reply);
    // The public-computer path: the language chosen here is forgotten with the browser session,
    // not kept for a year for the next person at the computer.
    const lang = readCookie(request, cookies.name('lang'));
    if (lang) setCookie(reply, cookies, 'lang', lang);
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
    const back = (next: CodeJourney) => {
      saveJourney(deps, reply, next);
      return seeOther(reply, '/sign-in/code/enter');
    };
    if (result.ok) return back({ ...journey, sentAt: now(), wrong: 0, outcome: { kind: 'sent_again' } });
    if (result.error === 'proof_of_work_required') return proofPage(ctx, reply, journey, result.retryAfterSeconds);
    if (result.error === 'rate_limited' || result.error === 'resend_too_soon') {
      return back({ ...journey, outcome: { kind: kindOf(result.error), until: now() + (result.retryAfterSeconds ?? 60) * 1000 } });
    }
    return seeOther(reply, withReturnTo('/sign-in/code', journey.returnTo, { change: '1' }));
  });
};
