import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionService } from '../../domain/sessions/session-service.ts';
import { uiLocale } from '../../i18n/locale.ts';
import type { PageSignIns, ProviderPages, RenderedPage } from '../../oidc/provider.ts';
import type { SafeHtml } from './html.ts';
import { assetUrls } from './assets.ts';
import { cookieHeader, cookiePolicy } from './cookies.ts';
import { anonymousContext, pageLocale, sessionFromCookie, type PageContext } from './page-context.ts';
import { pageHeaderValues } from './respond.ts';
import { loggedOutPage, logoutPage, websiteErrorPage } from './views/website-pages.ts';

/**
 * What the OpenID Connect provider needs from the pages: who is signed in on this browser
 * (the session cookie), ending that sign-in, and its own pages drawn like ours.
 */
export function pageSignIns(publicUrl: URL, sessions: SessionService): PageSignIns {
  const cookies = cookiePolicy(publicUrl);
  const sessionOf = (req: IncomingMessage) => sessionFromCookie(sessions, cookies, req);
  return {
    async current(req) {
      const session = await sessionOf(req);
      return session && { accountId: session.accountId, method: session.method, signedInAt: session.createdAt };
    },
    async end(req: IncomingMessage, res: ServerResponse) {
      const session = await sessionOf(req);
      if (session) await sessions.revoke(session);
      res.appendHeader('set-cookie', cookieHeader(cookies, 'session', '', { maxAgeSeconds: 0 }));
    },
  };
}

export function providerPages(publicUrl: URL): ProviderPages {
  const cookies = cookiePolicy(publicUrl);
  const context = (req: IncomingMessage, uiLocales?: unknown): PageContext =>
    anonymousContext(uiLocale(uiLocales) ?? pageLocale(req, cookies), assetUrls, req.url ?? '/');
  const rendered = (page: SafeHtml, formTargets: readonly string[] = []): RenderedPage => ({
    html: page.value,
    headers: pageHeaderValues(cookies.secure, formTargets),
  });
  return {
    logout: (req, o) =>
      rendered(logoutPage(context(req, o.uiLocales), { providerForm: o.form, clientName: o.clientName }), o.formTarget ? [o.formTarget] : []),
    loggedOut: (req, o) => rendered(loggedOutPage(context(req), o)),
    error: (req, o) => rendered(websiteErrorPage(context(req, o.uiLocales), { code: o.error })),
    headers: (formTargets) => pageHeaderValues(cookies.secure, formTargets),
  };
}
