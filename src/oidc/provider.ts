import type { IncomingMessage, ServerResponse } from 'node:http';
import type { default as Provider, Configuration, Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { SignInMethod } from '../domain/sessions/session-store.ts';
import { hmac, type SecretKeys } from '../lib/secrets.ts';
import type { ClientRegistration } from '../config/client-registration.ts';
import { providerMetadata } from './client-metadata.ts';
import type { ClientRegistry } from './client-registry.ts';
import type { ConsentService } from './consent-service.ts';
import type { OidcPayloadStore } from './oidc-store.ts';
import type { PrivateJwk } from './signing-keys.ts';
import { storageAdapter } from './storage-adapter.ts';

/** The `acr` of a passkey sign-in; a website asking for it with `acr_values` gets one. */
export const PASSKEY_ACR = 'urn:engangskod:acr:passkey';

/** How a person signed in, as `amr` (RFC 8176) and our `acr` values say it. */
export const AUTHENTICATION: Readonly<Record<SignInMethod, { readonly amr: readonly string[]; readonly acr: string }>> = {
  otp: { amr: ['otp', 'sms'], acr: 'urn:engangskod:acr:sms-otp' },
  pwd: { amr: ['pwd'], acr: 'urn:engangskod:acr:password' },
  // A passkey's private key either stays on the one device (hardware-bound) or is synced between the holder's devices.
  hwk: { amr: ['hwk'], acr: PASSKEY_ACR },
  swk: { amr: ['swk'], acr: PASSKEY_ACR },
};

/** Whether an authorization request's `acr_values` (space-separated, in order of preference) names the passkey's. */
export const asksForPasskey = (acrValues: unknown): boolean => typeof acrValues === 'string' && acrValues.split(' ').includes(PASSKEY_ACR);

/** A sign-in on our pages (the session cookie), as the provider needs to know it. */
export interface PageSignIn {
  readonly accountId: string;
  readonly method: SignInMethod;
  /** Milliseconds since the epoch. */
  readonly signedInAt: number;
}

export interface PageSignIns {
  /** The sign-in behind this request's session cookie, if it is still valid. */
  current(req: IncomingMessage): Promise<PageSignIn | undefined>;
  /** Ends it: a website asked to sign the person out of Engångskod too. */
  end(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface AccountClaims {
  readonly email: string;
  /** Whether the person proved they read the address's mail (a code by mail, at sign-up or a reset). */
  readonly emailVerified: boolean;
  /** The account's verified mobile number (E.164), if it has one. */
  readonly phoneNumber: string | undefined;
}

/** A page the provider shows itself, with its headers (CSP and the like). */
export interface RenderedPage {
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Pages the provider shows itself, rendered by the HTTP layer in the person's language. */
export interface ProviderPages {
  /** `formTarget`: the website the sign-out form goes back to, which the page's CSP must allow. */
  logout(req: IncomingMessage, options: { form: string; clientName: string | undefined; uiLocales: unknown; formTarget: string | undefined }): RenderedPage;
  /** `signedIn`: whether this browser is still signed in to our pages (the person said no to signing out of them too). */
  loggedOut(req: IncomingMessage, options: { clientName: string | undefined; signedIn: boolean }): RenderedPage;
  error(req: IncomingMessage, options: { error: string; uiLocales: unknown }): RenderedPage;
  /** The headers every page of ours carries (CSP, no framing, no caching), for the provider's own HTML. */
  headers(formTargets: readonly string[]): Readonly<Record<string, string>>;
}

export interface ProviderDeps {
  readonly issuer: string;
  readonly secrets: SecretKeys;
  readonly keys: readonly PrivateJwk[];
  readonly payloads: OidcPayloadStore;
  readonly clients: ClientRegistry;
  readonly configuredClients: readonly ClientRegistration[];
  readonly accountClaims: (accountId: string) => Promise<AccountClaims | undefined>;
  readonly signIns: PageSignIns;
  readonly consents: Pick<ConsentService, 'find'>;
  readonly pages: ProviderPages;
  /** Seconds; the provider's own session lasts no longer than ours. */
  readonly sessionSeconds: number;
}

/** Where the provider's endpoints live: all under /oidc/, discovery at the issuer's well-known path. */
export const OIDC_PREFIX = '/oidc';
export const interactionPath = (uid: string): string => `${OIDC_PREFIX}/interaction/${uid}`;

/**
 * oidc-provider, configured as the design asks: authorization code flow only, PKCE (S256)
 * for every client, refresh tokens only for clients registered for them, sign-in and consent
 * on our own pages, and its state on our database.
 */
export async function createProvider(deps: ProviderDeps): Promise<Provider> {
  // Loaded here, not at start-up: oidc-provider and its Koa stack take about 25 MB, which an
  // instance no website has signed in through yet need not carry (see startOidc).
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  const policy = interactionPolicy.base();
  // A website's session with us lasts only as long as the sign-in on our pages: signing out
  // there (or it expiring, or someone else signing in on this browser) means the next website
  // that asks gets a fresh sign-in, not the last person's account. This matters most on the
  // shared computers the one-time code is for.
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('engangskod_sign_in', 'the sign-in on Engångskod has ended or changed', async (ctx) => {
      const { session, result } = ctx.oidc;
      if (result?.login || !session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const signIn = await deps.signIns.current(ctx.req);
      const same = signIn?.accountId === session.accountId && Math.floor(signIn.signedInAt / 1000) === session.loginTs;
      return same ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
    0,
  );

  // A website that asks for a passkey sign-in (acr_values) gets our sign-in step unless this
  // session's was one; that step asks for a passkey once (see website-interaction-routes.ts).
  policy.get('login')?.checks.add(
    new interactionPolicy.Check('engangskod_passkey', 'the website asked for a passkey sign-in', async (ctx) => {
      const { session, result, params } = ctx.oidc;
      if (result?.login || !session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      return asksForPasskey(params?.acr_values) && session.acr !== PASSKEY_ACR ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );

  // The provider signs cookies with the first key and accepts any: a rotation ends no sign-in under way.
  const cookieKeys = [deps.secrets.secretKey, ...deps.secrets.previousSecretKeys].map((key) => hmac(key, 'oidc-cookies', 'v1'));
  const secureCookies = new URL(deps.issuer).protocol === 'https:';
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: secureCookies } as const;
  // Over https the session cookie is __Host- (Secure, Path=/, no Domain: no sibling subdomain
  // can plant one). The interaction and resume cookies are scoped by the provider to one
  // sign-in's own path (/oidc/interaction/<uid>), which keeps two tabs' sign-ins apart and
  // which __Host- forbids, so they carry __Secure- (set only over https) instead.
  const cookieNames = secureCookies
    ? { session: '__Host-ek_oidc_session', interaction: '__Secure-ek_oidc_interaction', resume: '__Secure-ek_oidc_resume' }
    : { session: 'ek_oidc_session', interaction: 'ek_oidc_interaction', resume: 'ek_oidc_resume' };

  const configuration: Configuration = {
    adapter: storageAdapter(deps.payloads, deps.clients),
    clients: deps.configuredClients.map((client) => providerMetadata(client) as never),
    jwks: { keys: deps.keys.map((key) => ({ ...key }) as never) },
    cookies: {
      keys: cookieKeys,
      names: cookieNames,
      long: cookieOptions,
      short: cookieOptions,
    },
    async findAccount(_ctx, sub) {
      const account = await deps.accountClaims(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            email_verified: account.emailVerified,
            ...(account.phoneNumber ? { phone_number: account.phoneNumber, phone_number_verified: true } : {}),
          };
        },
      };
    },
    loadExistingGrant: (ctx) => existingGrant(ctx, deps.consents),
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      // How and when the person signed in, in every ID token (not only when max_age asks).
      openid: ['sub', 'auth_time', 'amr', 'acr'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    scopes: ['openid', 'email', 'phone', 'offline_access'],
    acrValues: [AUTHENTICATION.otp.acr, AUTHENTICATION.pwd.acr, PASSKEY_ACR],
    // The ID token carries the claims of the scopes granted, so a website needs no userinfo call.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    extraClientMetadata: {
      properties: ['first_party'],
      validator(_ctx, key, value) {
        if (key === 'first_party' && value !== undefined && typeof value !== 'boolean') throw new Error('first_party must be true or false');
      },
    },
    discovery: { ui_locales_supported: ['sv', 'en'], claims_locales_supported: ['sv', 'en'] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const redirect = ctx.oidc.params?.post_logout_redirect_uri;
          const formTarget = typeof redirect === 'string' ? new URL(redirect).origin : undefined;
          show(ctx, deps.pages.logout(ctx.req, { form, clientName: clientName(ctx), uiLocales: ctx.oidc.params?.ui_locales, formTarget }));
        },
        async postLogoutSuccessSource(ctx) {
          // The provider names the website only when the person chose to stay signed in here, so
          // the page tells which it was from the session itself.
          const signedIn = (await deps.signIns.current(ctx.req)) !== undefined;
          show(ctx, deps.pages.loggedOut(ctx.req, { clientName: clientName(ctx), signedIn }));
        },
      },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => interactionPath(interaction.uid),
    },
    async renderError(ctx, out) {
      show(ctx, deps.pages.error(ctx.req, { error: String(out.error), uiLocales: ctx.oidc?.params?.ui_locales }));
    },
    // Browsers may call the token, userinfo and JWKS endpoints only from a registered website's origin.
    clientBasedCORS(_ctx, origin, client) {
      return [...(client.redirectUris ?? []), ...(client.postLogoutRedirectUris ?? [])].some((uri) => new URL(uri).origin === origin);
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      // Long enough to ask for a code, wait for a slow text and type it in.
      Interaction: 3600,
      Session: deps.sessionSeconds,
      Grant: 365 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
      code_verification: `${OIDC_PREFIX}/device`,
      challenge: `${OIDC_PREFIX}/challenge`,
      device_authorization: `${OIDC_PREFIX}/device/auth`,
      end_session: `${OIDC_PREFIX}/session/end`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      jwks: `${OIDC_PREFIX}/jwks`,
      pushed_authorization_request: `${OIDC_PREFIX}/request`,
      registration: `${OIDC_PREFIX}/reg`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/me`,
    },
  };

  const provider = new Provider(deps.issuer, configuration);
  // X-Forwarded-Host, -Proto and -For reach the provider only as the HTTP layer sets them
  // (from PUBLIC_URL and Fastify's client address, see asIssuerRequest), never from a client.
  provider.proxy = true;
  provider.use(pageHeaders(deps.pages));
  // "Sign out of Engångskod too": the sign-in on our pages ends with the provider's session,
  // before the answer that sends the person back to the website goes out.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'end_session_confirm' && ctx.status === 303 && ctx.oidc.params?.logout) await deps.signIns.end(ctx.req, ctx.res);
  });
  return provider;
}

/**
 * Our page headers on the provider's own HTML too (the form_post page that hands a website
 * its code, error and sign-out pages), and no framing of anything it answers. The CSP is set
 * before the provider renders, so it can add the hash of form_post's one inline script; the
 * form's target, the website's redirect_uri, is allowed as a form action.
 */
function pageHeaders(pages: ProviderPages) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    const base = pages.headers([]);
    ctx.set('content-security-policy', base['content-security-policy'] ?? "default-src 'none'; frame-ancestors 'none'");
    ctx.set('x-frame-options', 'DENY');
    await next();
    if (!ctx.response.is('html')) return;
    const redirectUri = ctx.oidc?.params?.redirect_uri;
    const target = typeof redirectUri === 'string' && URL.canParse(redirectUri) ? new URL(redirectUri).origin : undefined;
    const csp = ctx.response.get('content-security-policy');
    const rest: Record<string, string> = { ...pages.headers(target ? [target] : []) };
    delete rest['content-security-policy'];
    ctx.set(rest);
    if (target && !csp.includes(target)) ctx.set('content-security-policy', csp.replace(/form-action 'self'/, `form-action 'self' ${target}`));
  };
}

/**
 * The grant an authorization request goes on with. oidc-provider's default keeps it in the
 * provider's session, which ends with the browser session, so a website not ours had its
 * consent asked again in every new browser session (issue 23). For those websites the grant
 * follows the consent kept per account and website instead: this session's grant when it is
 * within the consent, else a new one holding what was allowed. No consent in force, no grant:
 * the person is asked (again after withdrawing, or a year on). Our own websites ask no
 * consent, so their grant stays the session's.
 */
async function existingGrant(ctx: KoaContextWithOIDC, consents: ProviderDeps['consents']): Promise<Grant | undefined> {
  const { client, provider, session } = ctx.oidc;
  const accountId = ctx.oidc.account?.accountId ?? session?.accountId;
  if (!client || !session || !accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const inSession = grantId ? await provider.Grant.find(grantId) : undefined;
  const ours = inSession?.accountId === accountId && inSession.clientId === client.clientId ? inSession : undefined;
  if (client.metadata().first_party === true) return ours;

  const consent = await consents.find(accountId, client.clientId);
  if (!consent) return undefined;
  const allowed = new Set(consent.scopes);
  const within = ours && words(ours.getOIDCScope()).every((scope) => allowed.has(scope)) ? ours : undefined;
  const grant = within ?? new provider.Grant({ accountId, clientId: client.clientId });
  // A new grant ends with the consent, not a year after this sign-in.
  if (!within) grant.exp = Math.floor(consent.expiresAt / 1000);
  const before = `${grant.getOIDCScope()}|${grant.getOIDCClaims().join(' ')}`;
  grant.addOIDCScope(consent.scopes.join(' '));
  if (consent.claims.length > 0) grant.addOIDCClaims([...consent.claims]);
  if (!within || `${grant.getOIDCScope()}|${grant.getOIDCClaims().join(' ')}` !== before) await grant.save();
  return grant;
}

const words = (value: string): string[] => value.split(' ').filter(Boolean);

const clientName = (ctx: KoaContextWithOIDC): string | undefined => ctx.oidc?.client?.clientName ?? undefined;

function show(ctx: KoaContextWithOIDC, page: RenderedPage): void {
  ctx.set(page.headers);
  ctx.type = 'html';
  ctx.body = page.html;
}
