import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionService } from '../../domain/sessions/session-service.ts';
import type { Session } from '../../domain/sessions/session-store.ts';
import { locales, negotiateLocale, type Locale } from '../../i18n/locale.ts';
import { messages, type Catalogue } from '../../i18n/messages.ts';
import type { HttpServices } from '../services.ts';
import type { AssetUrls } from './assets.ts';
import { readCookie, setCookie, type CookiePolicy } from './cookies.ts';
import type { Csrf } from './csrf.ts';
import type { Sealer } from '../../lib/sealed.ts';
import { zoneOfRegion } from './views/time-zone.ts';

/** What every page route is built with. */
export interface WebDeps {
  readonly services: HttpServices;
  readonly cookies: CookiePolicy;
  readonly csrf: Csrf;
  readonly journey: Sealer;
  readonly assets: AssetUrls;
}

export interface SignedIn {
  readonly session: Session;
  readonly email: string;
}

/** What a page needs to render: its language, its texts, a CSRF token and who is signed in. */
export interface PageContext {
  readonly locale: Locale;
  readonly t: Catalogue['pages'];
  readonly problems: Catalogue['problems'];
  readonly csrfToken: string;
  /** The path and query of this page, to come back to after switching language. */
  readonly path: string;
  readonly signedIn: SignedIn | undefined;
  readonly assets: AssetUrls;
}

/** A language chosen with the switcher (remembered in a cookie), else the browser's Accept-Language. */
export function pageLocale(request: { readonly headers: IncomingHttpHeaders }, cookies: CookiePolicy): Locale {
  const chosen = readCookie(request, cookies.name('lang'));
  return locales.find((l) => l === chosen) ?? negotiateLocale(request.headers['accept-language']);
}

/** The session behind the session cookie, if it is still valid (idle and absolute timeouts apply). */
export async function sessionFromCookie(
  sessions: SessionService,
  cookies: CookiePolicy,
  request: { readonly headers: IncomingHttpHeaders },
): Promise<Session | undefined> {
  const token = readCookie(request, cookies.name('session'));
  if (!token) return undefined;
  const session = await sessions.authenticate(token);
  return session.ok ? session.value : undefined;
}

export const currentSession = (deps: WebDeps, request: FastifyRequest): Promise<Session | undefined> =>
  sessionFromCookie(deps.services.sessions, deps.cookies, request);

export async function signedInAs(deps: WebDeps, session: Session | undefined): Promise<SignedIn | undefined> {
  if (!session) return undefined;
  const account = await deps.services.accounts.find(session.accountId);
  return account ? { session, email: account.email } : undefined;
}

// The value set on a request that came without one, so asking twice in a request gives one value.
const freshSecrets = new WeakMap<FastifyRequest, string>();

/** The random value the CSRF token is derived from; set on first sight, so every form has one. */
export function csrfSecret(deps: WebDeps, request: FastifyRequest, reply: FastifyReply): string {
  const existing = readCookie(request, deps.cookies.name('csrf')) ?? freshSecrets.get(request);
  if (existing) return existing;
  const fresh = deps.csrf.newSecret();
  setCookie(reply, deps.cookies, 'csrf', fresh);
  freshSecrets.set(request, fresh);
  return fresh;
}

/** A new CSRF value at every sign-in and sign-out, so no token from before carries over. */
export function rotateCsrfSecret(deps: WebDeps, reply: FastifyReply): void {
  setCookie(reply, deps.cookies, 'csrf', deps.csrf.newSecret());
}

export async function pageContext(
  deps: WebDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  signedIn?: SignedIn,
  /** A language the request asked for in another way (a website's `ui_locales`). */
  locale: Locale = pageLocale(request, deps.cookies),
): Promise<PageContext> {
  const catalogue = messages(locale);
  return {
    locale,
    t: catalogue.pages,
    problems: catalogue.problems,
    csrfToken: deps.csrf.tokenFor(csrfSecret(deps, request, reply)),
    path: request.url,
    signedIn: signedIn ?? (await signedInAs(deps, await currentSession(deps, request))),
    assets: deps.assets,
  };
}

/**
 * The time zone to show an account's times in: that of the region of its first confirmed number
 * (Europe/Helsinki for a Finnish one), else the service's home. The script shows them in the
 * browser's own zone where it runs.
 */
export async function accountZone(deps: WebDeps, accountId: string): Promise<string> {
  return zoneOfPhones(await deps.services.securityInfo.list(accountId));
}

/** The same, for a page that has the account's numbers at hand already. */
export const zoneOfPhones = (phones: readonly { readonly region: string; readonly verified: boolean }[]): string =>
  zoneOfRegion((phones.find((p) => p.verified) ?? phones[0])?.region);

/** For pages served without a request's full context (a 404 from the root handler). */
export function anonymousContext(locale: Locale, assets: AssetUrls, path: string): PageContext {
  const catalogue = messages(locale);
  return { locale, t: catalogue.pages, problems: catalogue.problems, csrfToken: '', path, signedIn: undefined, assets };
}
