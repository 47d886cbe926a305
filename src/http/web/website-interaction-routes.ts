import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionResults } from 'oidc-provider';
import { uiLocale } from '../../i18n/locale.ts';
import { AUTHENTICATION, asksForPasskey, interactionPath } from '../../oidc/provider.ts';
import { setCookie } from './cookies.ts';
import { readForm } from './form-input.ts';
import { currentSession, pageContext, type WebDeps } from './page-context.ts';
import { seeOther, sendPage } from './respond.ts';
import { withReturnTo } from './return-to.ts';
import { consentPage, continuePage, interactionEndedPage } from './views/website-pages.ts';
import { asIssuerRequest } from '../issuer-request.ts';

type Uid = { Params: { uid: string } };

/**
 * The website a sign-in page is for, when the page returns to a website's sign-in step: its
 * name for "Sign in to continue to …", and where "Cancel and go back" posts.
 */
export async function websiteAsking(deps: WebDeps, returnTo: string | undefined): Promise<{ name: string; cancelAction: string } | undefined> {
  const uid = returnTo && /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(returnTo)?.[1];
  if (!uid) return undefined;
  const provider = await deps.services.oidc.provider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return undefined;
  const clientId = String(interaction.params.client_id);
  const client = await provider.Client.find(clientId);
  return { name: client?.clientName ?? clientId, cancelAction: `${interactionPath(uid)}/abort` };
}
const consentForm = { decision: 8 } as const;

type Missing = { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
const missingOf = (details: { prompt: { details: unknown } }): Missing => details.prompt.details as Missing;

/**
 * The steps a website's sign-in stops at on our side (oidc-provider "interactions"): signing
 * in, which is our ordinary sign-in page (password or one-time code), and consent, asked
 * only for websites that are not our own. Each step ends in a result the provider resumes with.
 */
export const websiteInteractionRoutes = (deps: WebDeps): FastifyPluginAsync => async (app) => {
  // Every step here belongs to a website's sign-in, which made the provider already.
  const provider = () => deps.services.oidc.provider();
  const publicUrl = deps.services.config.publicUrl;

  /** The interaction this browser is in (its cookie names it), if it is the one in the address and still open. */
  const interaction = async (request: FastifyRequest<Uid>, reply: FastifyReply) => {
    try {
      const details = await (await provider()).interactionDetails(asIssuerRequest(request, publicUrl), reply.raw);
      return details.uid === request.params.uid ? details : undefined;
    } catch {
      return undefined;
    }
  };
  type Details = NonNullable<Awaited<ReturnType<typeof interaction>>>;

  const clientOf = async (details: Details) => {
    const client = await (await provider()).Client.find(String(details.params.client_id));
    return { name: client?.clientName ?? String(details.params.client_id), firstParty: client?.metadata().first_party === true };
  };

  const ended = async (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, deps.cookies.secure, interactionEndedPage(await pageContext(deps, request, reply)), 400);
  /** A form of a step that is over: the step's own page says so (400) after a redirect, so a reload posts nothing. */
  const endedForm = (request: FastifyRequest<Uid>, reply: FastifyReply) => seeOther(reply, interactionPath(encodeURIComponent(request.params.uid)));

  /** The page in the language the website asked for, else the person's own. */
  const contextFor = (request: FastifyRequest, reply: FastifyReply, details: Details) =>
    pageContext(deps, request, reply, undefined, uiLocale(details.params.ui_locales));

  /** Hands the result to the provider and the person on to it (see continuePage for why a page). */
  const finish = async (request: FastifyRequest, reply: FastifyReply, details: Details, result: InteractionResults, clientName?: string) => {
    // Merged with the step before (a login result stays when consent follows), or prompt=login would ask again.
    const location = await (await provider()).interactionResult(asIssuerRequest(request, publicUrl), reply.raw, result, { mergeWithLastSubmission: true });
    const name = clientName ?? (await clientOf(details)).name;
    return sendPage(reply, deps.cookies.secure, continuePage(await contextFor(request, reply, details), { clientName: name, location }));
  };

  /** Grants everything the website asked for that the person had not yet granted it; returns the grant's id. */
  const grantAll = async (details: Details, accountId: string, keep: boolean) => {
    const { Grant } = await provider();
    const clientId = String(details.params.client_id);
    const grant = details.grantId ? await Grant.find(details.grantId) : new Grant({ accountId, clientId });
    if (!grant) throw new Error('the grant of this interaction is gone');
    const missing = missingOf(details);
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    // Kept for the account and website, not only this browser session: asked once (issue 23).
    if (keep) await deps.services.oidc.consents.give(accountId, clientId, { scopes: grant.getOIDCScope().split(' ').filter(Boolean), claims: grant.getOIDCClaims() });
    return grant.save();
  };

  app.get<Uid>('/oidc/interaction/:uid', async (request, reply) => {
    const details = await interaction(request, reply);
    if (!details) return ended(request, reply);
    // The website's ui_locales chooses the language for this browser session (the switcher still works).
    const locale = uiLocale(details.params.ui_locales);
    if (locale) setCookie(reply, deps.cookies, 'lang', locale);
    const here = interactionPath(details.uid);
    const session = await currentSession(deps, request);

    if (details.prompt.name === 'login') {
      // prompt=login and max_age ask for a sign-in made now, not one from before the website
      // asked. The interaction's start is known to the second; nobody signs in within that second.
      const fresh = details.prompt.reasons.some((reason) => reason === 'login_prompt' || reason === 'max_age');
      const madeNow = session !== undefined && session.createdAt >= ((details.iat ?? 0) + 1) * 1000;
      if (!session || (fresh && !madeNow)) {
        return seeOther(reply, withReturnTo('/sign-in', here, { reason: session ? 'reauthenticate' : 'required' }));
      }
      // A website asking for a passkey is asked for once: a person who then signs in another
      // way goes on, and the website reads how from acr and amr.
      // (To the second, as the interaction's start is known: a sign-in moments before it counts as made for it.)
      const byPasskey = session.method === 'hwk' || session.method === 'swk';
      const sinceAsked = session.createdAt >= (details.iat ?? 0) * 1000;
      if (asksForPasskey(details.params.acr_values) && !byPasskey && !sinceAsked) {
        return seeOther(reply, withReturnTo('/sign-in', here, { reason: 'passkey' }));
      }
      const how = AUTHENTICATION[session.method];
      return finish(request, reply, details, {
        // Not remembered past the browser session: the sign-in on our pages decides how long it lasts.
        login: { accountId: session.accountId, amr: [...how.amr], acr: how.acr, ts: Math.floor(session.createdAt / 1000), remember: false },
      });
    }

    if (details.prompt.name === 'consent') {
      const accountId = details.session?.accountId;
      // Someone else signed in on this browser meanwhile: this website's sign-in is over.
      if (!accountId || session?.accountId !== accountId) return ended(request, reply);
      const client = await clientOf(details);
      // Our own websites share what they ask for without a question.
      if (client.firstParty) return finish(request, reply, details, { consent: { grantId: await grantAll(details, accountId, false) } }, client.name);
      const account = await deps.services.accounts.find(accountId);
      // Only what was not allowed before (a website asking for more asks for that alone);
      // everything asked for when the website wants the question again (prompt=consent).
      const missing = missingOf(details).missingOIDCScope ?? [];
      const scopes = missing.length > 0 ? missing : String(details.params.scope ?? '').split(' ').filter(Boolean);
      const ctx = await contextFor(request, reply, details);
      return sendPage(reply, deps.cookies.secure, consentPage(ctx, { uid: details.uid, clientName: client.name, email: account?.email ?? '', scopes }));
    }
    return ended(request, reply);
  });

  app.post<Uid>('/oidc/interaction/:uid/consent', async (request, reply) => {
    const details = await interaction(request, reply);
    const form = readForm(request.body, consentForm);
    if (!details || details.prompt.name !== 'consent' || !form) return endedForm(request, reply);
    const accountId = details.session?.accountId;
    const session = await currentSession(deps, request);
    if (!accountId || session?.accountId !== accountId) return endedForm(request, reply);
    if (form.decision !== 'allow') {
      return finish(request, reply, details, { error: 'access_denied', error_description: 'The person did not allow the website to sign them in' });
    }
    const client = await clientOf(details);
    return finish(request, reply, details, { consent: { grantId: await grantAll(details, accountId, !client.firstParty) } }, client.name);
  });

  /** "Cancel and go back": the website hears access_denied and can offer another way in. */
  app.post<Uid>('/oidc/interaction/:uid/abort', async (request, reply) => {
    const details = await interaction(request, reply);
    if (!details) return endedForm(request, reply);
    return finish(request, reply, details, { error: 'access_denied', error_description: 'The person cancelled the sign-in' });
  });
};
