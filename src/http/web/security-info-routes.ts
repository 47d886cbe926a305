import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext } from '../request-context.ts';
import { describeRegions } from '../../domain/security-info/regions.ts';
import type { PhoneView } from '../../domain/security-info/security-info-service.ts';
import { format } from '../../i18n/messages.ts';
import { isUuid } from '../validation.ts';
import { fieldError, numberFieldError } from './field-errors.ts';
import { redirectWithFlash, takeFlash } from './flash.ts';
import { readForm } from './form-input.ts';
import { formatHtml } from './html.ts';
import { pageContext, pageLocale, zoneOfPhones, type PageContext, type SignedIn, type WebDeps } from './page-context.ts';
import { pastLimit } from './past-limit.ts';
import { seeOther, sendPage } from './respond.ts';
import { signedInOf, signedInPage, type PageGuard } from './session-cookie.ts';
import { withReturnTo } from './return-to.ts';
import type { FieldError } from './views/components.ts';
import { phoneNumber } from './views/format.ts';
import { messagePage } from './views/message-page.ts';
import { addPhonePage, removePhonePage, securityInfoPage, verifyPhonePage } from './views/security-info-page.ts';
import { addPasskeyPage, removePasskeyPage } from './views/passkey-pages.ts';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';

type PhoneRoute = { Params: { id: string }; Querystring: { sent?: string } };
const addForm = { region: 8, number: 64 } as const;
const codeForm = { code: 64 } as const;
// A registration's toJSON() with "none" attestation is about a kilobyte.
const passkeyForm = { name: 256, credential: 12_000 } as const;
type PasskeyRoute = { Params: { id: string } };

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

  type SecurityQuery = { Querystring: { verified?: string; removed?: string; passkey_added?: string; passkey_removed?: string } };
  app.get<SecurityQuery>('/account/security', signedInPage(deps, { returnTo: '/account/security' }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const phones = await services.securityInfo.list(signedIn.session.accountId);
    const passkeys = await services.passkeys.list(signedIn.session.accountId);
    const verified = phones.find((p) => p.id === request.query.verified && p.verified);
    const addedPasskey = passkeys.find((p) => p.id === request.query.passkey_added);
    const notice = verified
      ? formatHtml(ctx.t.security.verifiedNotice, { number: phoneNumber(verified.e164) })
      : addedPasskey ? format(ctx.t.security.passkeyAddedNotice, { name: addedPasskey.name })
      : request.query.passkey_removed ? ctx.t.security.passkeyRemovedNotice
      : request.query.removed ? ctx.t.security.removedNotice : undefined;
    return sendPage(reply, secure, securityInfoPage(ctx, { phones, passkeys, regions: regions(ctx), zone: zoneOfPhones(phones), notice }));
  });

  // Adding a passkey, as adding a number, needs a sign-in within the last ten minutes.
  const addingPasskey = signedInPage(deps, { returnTo: '/account/security/passkeys/add', recent: true });
  const addPasskeyView = async (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn, view: { name?: string; problem?: string }, status = 200) => {
    const ctx = await pageContext(deps, request, reply, signedIn);
    const options = await services.passkeys.registrationOptions(signedIn.session);
    // The guard let only a recent sign-in in; one that aged meanwhile signs in again.
    if (!options.ok) return seeOther(reply, '/sign-in?reason=reauthenticate&return_to=%2Faccount%2Fsecurity%2Fpasskeys%2Fadd');
    return sendPage(reply, secure, addPasskeyPage(ctx, { ...view, options: options.value }), status);
  };

  app.get('/account/security/passkeys/add', addingPasskey, async (request, reply) => {
    const flash = takeFlash(deps, request, reply);
    return addPasskeyView(request, reply, signedInOf(request), { name: flash?.values.name, problem: flash?.problem }, flash?.status);
  });

  app.post('/account/security/passkeys/add', addingPasskey, async (request, reply) => {
    const signedIn = signedInOf(request);
    const form = readForm(request.body, passkeyForm);
    if (!form) return sendPage(reply, secure, messagePage(await pageContext(deps, request, reply, signedIn), 'badRequest'), 400);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const result = await services.passkeys.add(signedIn.session, parseJsonObject(form.credential) as RegistrationResponseJSON, { name: form.name, locale: ctx.locale, context: requestContext(request) });
    if (result.ok) return seeOther(reply, `/account/security?passkey_added=${result.value.id}`);
    if (result.error === 'reauthentication_required') return seeOther(reply, '/sign-in?reason=reauthenticate&return_to=%2Faccount%2Fsecurity%2Fpasskeys%2Fadd');
    // Redirected with the name kept: the page after it has a new challenge, and a reload sends nothing.
    const limit = result.error === 'passkey_limit_reached';
    const problem = limit ? ctx.t.addPasskey.limitReached : ctx.t.addPasskey.failed;
    return redirectWithFlash(deps, reply, '/account/security/passkeys/add', { status: limit ? 409 : 422, errors: [], problem, values: { name: form.name } });
  });

  const findPasskey = async (signedIn: SignedIn, id: string) =>
    isUuid(id) ? (await services.passkeys.list(signedIn.session.accountId)).find((p) => p.id === id) : undefined;

  app.get<PasskeyRoute>('/account/security/passkeys/:id/remove', signedInPage(deps, { recent: true }), async (request, reply) => {
    const signedIn = signedInOf(request);
    const passkey = await findPasskey(signedIn, request.params.id);
    if (!passkey) return notFound(request, reply, signedIn);
    return sendPage(reply, secure, removePasskeyPage(await pageContext(deps, request, reply, signedIn), { passkey }));
  });

  const passkeyPage = (request: FastifyRequest) => `/account/security/passkeys/${encodeURIComponent((request.params as PasskeyRoute['Params']).id)}/remove`;
  const removingPasskey: PageGuard = { returnTo: passkeyPage, recent: true };

  app.post<PasskeyRoute>('/account/security/passkeys/:id/remove', signedInPage(deps, removingPasskey), async (request, reply) => {
    const signedIn = signedInOf(request);
    if (!isUuid(request.params.id)) return seeOther(reply, passkeyPage(request));
    const ctx = await pageContext(deps, request, reply, signedIn);
    const result = await services.passkeys.remove(signedIn.session, request.params.id, ctx.locale, requestContext(request));
    if (!result.ok && result.error === 'reauthentication_required') return seeOther(reply, withReturnTo('/sign-in', passkeyPage(request), { reason: 'reauthenticate' }));
    // Gone already (or never this account's): its page says so, 404, and a reload removes nothing.
    if (!result.ok) return seeOther(reply, passkeyPage(request));
    return seeOther(reply, '/account/security?passkey_removed=1');
  });

  const addingNumber = signedInPage(deps, { returnTo: '/account/security/add', recent: true });

  app.get('/account/security/add', addingNumber, async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const flash = takeFlash(deps, request, reply);
    const view = { regions: regions(ctx), region: flash?.values.region, number: flash?.values.number, errors: flash?.errors, problem: flash?.problem };
    return sendPage(reply, secure, addPhonePage(ctx, view), flash?.status ?? 200);
  });

  app.post('/account/security/add', addingNumber, async (request, reply) => {
    const signedIn = signedInOf(request);
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, addForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    const result = await services.securityInfo.add(signedIn.session.accountId, form.region, form.number, ctx.locale, requestContext(request));
    if (result.ok) return seeOther(reply, `/account/security/phones/${result.value.id}/verify`);
    // Post/Redirect/Get, filled in again: a reload sends no second code to the number.
    const values = { region: form.region, number: form.number };
    if (result.error === 'rate_limited') {
      const said = await pastLimit(deps, ctx, signedIn.session.accountId, ctx.t.addPhone.limitReached, result.retryAfterSeconds);
      return redirectWithFlash(deps, reply, '/account/security/add', { status: 429, errors: [], values, ...said });
    }
    const errors = [
      result.error === 'number_invalid' || result.error === 'region_unsupported'
        ? numberFieldError(ctx, result.error, form.region, form.number, services.config.regions)
        : fieldError(ctx, result.error, {}, 'number'),
    ];
    const status = result.error === 'phone_exists' || result.error === 'phone_limit_reached' ? 409 : 422;
    return redirectWithFlash(deps, reply, '/account/security/add', { status, errors, values });
  });

  app.get<PhoneRoute>('/account/security/phones/:id/verify', signedInPage(deps), async (request, reply) => {
    const signedIn = signedInOf(request);
    const phone = await findPhone(signedIn, request.params.id);
    if (!phone) return notFound(request, reply, signedIn);
    if (phone.verified) return seeOther(reply, '/account/security');
    const ctx = await pageContext(deps, request, reply, signedIn);
    const flash = takeFlash(deps, request, reply);
    if (flash) return sendPage(reply, secure, verifyPhonePage(ctx, { phone, codeLength, errors: flash.errors, problem: flash.problem }), flash.status);
    return sendPage(reply, secure, verifyPhonePage(ctx, { phone, codeLength, sentAgain: request.query.sent === 'again' }));
  });

  // A form posted after the session ended comes back to its page, not to the POST's address.
  const verifying: PageGuard = { returnTo: (request) => phonePage(request, 'verify') };

  app.post<PhoneRoute>('/account/security/phones/:id/verify', signedInPage(deps, verifying), async (request, reply) => {
    const signedIn = signedInOf(request);
    const phone = await findPhone(signedIn, request.params.id);
    // A number gone meanwhile: its page says so (404), as for every answer here, after a redirect.
    if (!phone) return seeOther(reply, phonePage(request, 'verify'));
    const ctx = await pageContext(deps, request, reply, signedIn);
    const form = readForm(request.body, codeForm);
    if (!form) return sendPage(reply, secure, messagePage(ctx, 'badRequest'), 400);
    // Redirected, so reloading the answer to a wrong code guesses nothing.
    const again = (errors: FieldError[]) => redirectWithFlash(deps, reply, phonePage(request, 'verify'), { status: 422, errors, values: {} });
    if (form.code.trim() === '') return again([{ field: 'code', message: ctx.t.verifyPhone.codeMissing }]);
    const result = await services.securityInfo.verify(signedIn.session.accountId, phone.id, form.code, requestContext(request));
    if (result.ok) return seeOther(reply, `/account/security?verified=${phone.id}`);
    if (result.error === 'phone_not_found') return seeOther(reply, phonePage(request, 'verify'));
    return again([fieldError(ctx, result.error, {}, 'code')]);
  });

  app.post<PhoneRoute>('/account/security/phones/:id/resend', signedInPage(deps, verifying), async (request, reply) => {
    const signedIn = signedInOf(request);
    const phone = await findPhone(signedIn, request.params.id);
    if (!phone) return seeOther(reply, phonePage(request, 'verify'));
    const ctx = await pageContext(deps, request, reply, signedIn);
    const result = await services.securityInfo.resendCode(signedIn.session.accountId, phone.id, ctx.locale, requestContext(request));
    if (result.ok) return seeOther(reply, `/account/security/phones/${phone.id}/verify?sent=again`);
    if (result.error === 'rate_limited') {
      // Redirected too: the page after the limit cannot be sent again by a reload.
      const said = await pastLimit(deps, ctx, signedIn.session.accountId, ctx.t.verifyPhone.limitReached, result.retryAfterSeconds);
      return redirectWithFlash(deps, reply, phonePage(request, 'verify'), { status: 429, errors: [], values: {}, ...said });
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
    // Gone already (or never this account's): its page says so, 404, and a reload removes nothing.
    if (!isUuid(request.params.id)) return seeOther(reply, phonePage(request, 'remove'));
    const result = await services.securityInfo.remove(signedIn.session.accountId, request.params.id, pageLocale(request, deps.cookies), requestContext(request));
    if (!result.ok) return seeOther(reply, phonePage(request, 'remove'));
    return seeOther(reply, '/account/security?removed=1');
  });
};

/** The JSON the page's script put in the form; anything else is an object the verification refuses. */
function parseJsonObject(value: string): object {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
