import formbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServices } from '../services.ts';
import { loggableUrl } from '../request-log.ts';
import { accountPages } from './account-pages.ts';
import { assetRoutes, assetUrls } from './assets.ts';
import { codeSignInRoutes } from './code-sign-in-routes.ts';
import { cookiePolicy, readCookie } from './cookies.ts';
import { canonicalHostRedirect } from './canonical-host.ts';
import { Csrf } from './csrf.ts';
import { devInboxRoutes } from './dev-inbox-routes.ts';
import { forgotPasswordRoutes } from './forgot-password-routes.ts';
import { devMailRoutes } from './dev-mail-routes.ts';
import { anonymousContext, pageContext, pageLocale, type WebDeps } from './page-context.ts';
import { sendPage } from './respond.ts';
import { Sealer } from '../../lib/sealed.ts';
import { securityInfoRoutes } from './security-info-routes.ts';
import { selfServiceRoutes } from './self-service-routes.ts';
import { accountDeletionRoutes } from './account-deletion-routes.ts';
import { emailChangeRoutes } from './email-change-routes.ts';
import { signInRoutes } from './sign-in-routes.ts';
import { verifyEmailRoutes } from './verify-email-routes.ts';
import { websiteInteractionRoutes } from './website-interaction-routes.ts';
import { messagePage } from './views/message-page.ts';

// A form here is a few short fields.
const FORM_LIMIT_BYTES = 16 * 1024;

/**
 * The pages: server-rendered HTML over the same domain services as the JSON API. This
 * plugin is its own encapsulated context, so its form parser, CSRF check and HTML error
 * pages apply to pages only: the API under /api/ still takes JSON alone (415 otherwise).
 */
export const webRoutes = (services: HttpServices): FastifyPluginAsync => async (app) => {
  const cookies = cookiePolicy(services.config.publicUrl);
  const deps: WebDeps = {
    services,
    cookies,
    csrf: new Csrf(services.config.secretKey, services.config.publicUrl.origin, services.config.previousSecretKeys),
    journey: new Sealer(services.config.secretKey, 'code-journey', services.config.previousSecretKeys),
    assets: assetUrls,
  };

  app.decorateRequest('signedIn', null);
  app.addHook('onRequest', canonicalHostRedirect(services.config.publicUrl, services.config.production));

  // Pages take forms only; JSON stays the API's.
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: FORM_LIMIT_BYTES });

  // Every form POST passes the CSRF check before any handler sees it.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const token = (request.body as Record<string, unknown> | undefined)?.csrf;
    const verdict = deps.csrf.check(request, readCookie(request, cookies.name('csrf')), token);
    if (verdict === 'ok') return;
    request.log.warn({ verdict, url: loggableUrl(request.url) }, 'form refused by the CSRF check');
    return sendPage(reply, cookies.secure, messagePage(await pageContext(deps, request, reply), 'forbidden'), 403);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error on a page');
    const ctx = anonymousContext(pageLocale(request, cookies), assetUrls, request.url);
    const kind = status === 404 ? 'notFound' : status >= 500 ? 'server' : 'badRequest';
    return sendPage(reply, cookies.secure, messagePage(ctx, kind), status >= 400 && status < 600 ? status : 500);
  });

  await app.register(assetRoutes);
  await app.register(signInRoutes(deps));
  await app.register(codeSignInRoutes(deps));
  await app.register(accountPages(deps));
  await app.register(verifyEmailRoutes(deps));
  await app.register(forgotPasswordRoutes(deps));
  await app.register(securityInfoRoutes(deps));
  await app.register(selfServiceRoutes(deps));
  await app.register(accountDeletionRoutes(deps));
  await app.register(emailChangeRoutes(deps));
  await app.register(websiteInteractionRoutes(deps));
  if (services.devInbox) await app.register(devInboxRoutes(services.devInbox, deps));
  if (services.devMail) await app.register(devMailRoutes(services.devMail, deps));
};

/** Whether a request that matched no route should get a page rather than problem+json. */
export const wantsPage = (request: FastifyRequest): boolean =>
  !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');

export function sendNotFoundPage(services: HttpServices, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const cookies = cookiePolicy(services.config.publicUrl);
  const ctx = anonymousContext(pageLocale(request, cookies), assetUrls, request.url);
  return sendPage(reply, cookies.secure, messagePage(ctx, 'notFound'), 404);
}
