import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext } from '../request-context.ts';
import { describeRegions } from '../../domain/security-info/regions.ts';
import type { PhoneView } from '../../domain/security-info/security-info-service.ts';
import { format } from '../../i18n/messages.ts';
import { isUuid } from '../validation.ts';
import { fieldError } from './field-errors.ts';
import { readForm } from './form-input.ts';
import { pageContext, pageLocale, type PageContext, type SignedIn, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { signedInOf, signedInPage, type PageGuard } from './session-cookie.ts';
import { displayNumber, tryAgainIn } from './views/format.ts';
import { messagePage } from './views/message-page.ts';
import { addPhonePage, removePhonePage, securityInfoPage, verifyPhonePage } from './views/security-info-page.ts';

type PhoneRoute = { Params: { id: string }; Querystring: { sent?: string } };
const addForm = { region: 8, number: 64 } as const;
const codeForm = { code: 64 } as const;

/**
 * "Säkerhetsinformation": list, "Lägg till" (country code, number, "Spara", then the code sent
 * to it) and remove. Adding and removing need a sign-in within the last ten minutes.
 */
export const securityInfoRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  const { services } = deps;
  const secure = deps.cookies.secure;
  const regions = (ctx: PageContext) => describeRegions(services.config.regions, ctx.locale);
  const codeLength = services.config.otp.length;

  /** The page of one number (its verify or remove page), from the route's :id. */
  const phonePage = (request: FastifyRequest, page: 'verify' | 'remove') =>
    `/account/security/phones/${encodeURIComponent((request.params as PhoneRoute['Params']).id)}/${page}`;

  const notFound = async (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) =>
    sendPage(reply, secure, messagePage(await pageContext(deps, request, reply, signedIn), 'notFound'), 404);

  const findPhone = async (signedIn: SignedIn, id: string): Promise<PhoneView | undefined> =>
    isUuid(id) ? (await services.securityInfo.list(signedIn.session.accountId)).find((p) => p.id === id) : undefined;

  app.get<{ Querystring: { verified?: string; removed?: string } }>('/account/security', signedInPage(deps, { returnTo: '/account/security' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const phones = await services.securityInfo.list(signedIn.session.accountId);
    const verified = phones.find((p) => p.id === request.query.verified && p.verified);
    const notice = verified
      ? format(ctx.t.security.verifiedNotice, { number: displayNumber(verified.e164) })
      : request.query.removed ? ctx.t.security.removedNotice : undefined;
    return sendPage(reply, secure, securityInfoPage(ctx, { phones, regions: regions(ctx), notice }));
  });

  const addingNumber = signedInPage(deps, { returnTo: '/account/security/add', recent: true });

  app.get('/account/security/add', addingNumber, async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    return sendPage(reply, secure, addPhonePage(ctx, { regions: regions(ctx) }));
  });

  app.post('/account/security/add', addingNumber, async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, addForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const result = await services.securityInfo.add(signedIn.session.accountId, form.region, form.number, ctx.locale, requestContext(request));
    if (result.ok) return seeOther(reply, `/account/security/phones/${result.value.id}/verify`);
    const view = { regions: regions(ctx), region: form.region, number: form.number };
    if (result.error === 'rate_limited') {
      if (result.retryAfterSeconds !== undefined) reply.header('retry-after', String(result.retryAfterSeconds));
      return sendPage(reply, secure, addPhonePage(ctx, { ...view, problem: `${ctx.problems.rate_limited.detail} ${tryAgainIn(ctx, result.retryAfterSeconds)}` }), 429);
    }
    const errors = [fieldError(ctx, result.error, { region_unsupported: 'region' }, 'number')];
    return sendPage(reply, secure, addPhonePage(ctx, { ...view, errors }), result.error === 'phone_exists' || result.error === 'phone_limit_reached' ? 409 : 422);
  });

  app.get<PhoneRoute>('/account/security/phones/:id/verify', signedInPage(deps), async (request, reply) => {
    const signedIn = signedInOf(request);
    const phone = await findPhone(signedIn, request.params.id);
    if (!phone) return notFound(request, reply, signedIn);
    if (phone.verified) return seeOther(reply, '/account/security');
    const ctx = await pageContext(deps, request, reply, signedIn);
    return sendPage(reply, secure, verifyPhonePage(ctx, { phone, codeLength, sentAgain: request.query.sent === 'again' }));
  });

  // A form posted after the session ended comes back to its page, not to the POST's address.
  const verifying: PageGuard = { returnTo: (request) => phonePage(request, 'verify') };

  app.post<PhoneRoute>('/account/security/phones/:id/verify', signedInPage(deps, verifying), async (request, reply) => {
    const signedIn = signedInOf(request);
    const phone = await findPhone(signedIn, request.params.id);
    if (!phone) return notFound(request, reply, signedIn);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, codeForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    if (form.code.trim() === '') {
      return sendPage(reply, secure, verifyPhonePage(ctx, { phone, codeLength, errors: [{ field: 'code', message: ctx.t.verifyPhone.codeMissing }] }), 422);
    }
    const result = await services.securityInfo.verify(signedIn.session.accountId, phone.id, form.code, requestContext(request));
    if (result.ok) return seeOther(reply, `/account/security?verified=${phone.id}`);
    if (result.error === 'phone_not_found') return notFound(request, reply, signedIn);
    return sendPage(reply, secure, verifyPhonePage(ctx, { phone, codeLength, errors: [fieldError(ctx, result.error, {}, 'code')] }), 422);
  });

  app.post<PhoneRoute>('/account/security/phones/:id/resend', signedInPage(deps, verifying), async (request, reply) => {
    const signedIn = signedInOf(request);
    const phone = await findPhone(signedIn, request.params.id);
    if (!phone) return notFound(request, reply, signedIn);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const result = await services.securityInfo.resendCode(signedIn.session.accountId, phone.id, ctx.locale, requestContext(request));
    if (result.ok) return seeOther(reply, `/account/security/phones/${phone.id}/verify?sent=again`);
    if (result.error === 'rate_limited') {
      if (result.retryAfterSeconds !== undefined) reply.header('retry-after', String(result.retryAfterSeconds));
      const problem = `${ctx.problems.rate_limited.detail} ${tryAgainIn(ctx, result.retryAfterSeconds)}`;
      return sendPage(reply, secure, verifyPhonePage(ctx, { phone, codeLength, problem }), 429);
    }
    return seeOther(reply, '/account/security');
  });

  app.get<PhoneRoute>('/account/security/phones/:id/remove', signedInPage(deps, { recent: true }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const phones = await services.securityInfo.list(signedIn.session.accountId);
    const phone = isUuid(request.params.id) ? phones.find((p) => p.id === request.params.id) : undefined;
    if (!phone) return notFound(request, reply, signedIn);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const lastVerified = phone.verified && !phones.some((p) => p.verified && p.id !== phone.id);
    return sendPage(reply, secure, removePhonePage(ctx, { phone, lastVerified }));
  });

  app.post<PhoneRoute>('/account/security/phones/:id/remove', signedInPage(deps, { returnTo: (request) => phonePage(request, 'remove'), recent: true }), async (request, reply) => {
    const signedIn = signedInOf(request);
    if (!isUuid(request.params.id)) return notFound(request, reply, signedIn);
    const result = await services.securityInfo.remove(signedIn.session.accountId, request.params.id, pageLocale(request, deps.cookies), requestContext(request));
    if (!result.ok) return notFound(request, reply, signedIn);
    return seeOther(reply, '/account/security?removed=1');
  });
};
