import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { OIDC_PREFIX } from '../oidc/provider.ts';
import { asIssuerRequest } from './issuer-request.ts';

/**
 * oidc-provider's endpoints, handed the raw request: it is a Koa application with its own
 * body parsing, CORS, caching headers and error pages. Our interaction pages under
 * /oidc/interaction/ are ordinary pages (web/), which the router picks over this wildcard.
 */
export const oidcRoutes = (provider: () => Promise<Provider>, publicUrl: URL): FastifyPluginAsync => async (app) => {
  // The provider's Koa handler, made again when the provider is (after a key rotation).
  let handler: { for: Provider; callback: ReturnType<Provider['callback']> } | undefined;
  // Bodies stay unread here: the provider reads its own (forms and JSON, with its own limits).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  const pass = async (request: FastifyRequest, reply: FastifyReply) => {
    const current = await provider();
    if (handler?.for !== current) handler = { for: current, callback: current.callback() };
    reply.hijack();
    await handler.callback(asIssuerRequest(request, publicUrl), reply.raw);
  };
  app.all('/.well-known/openid-configuration', pass);
  app.all(`${OIDC_PREFIX}/*`, pass);
};
