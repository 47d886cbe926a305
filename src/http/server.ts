import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { oidcRoutes } from './oidc-routes.ts';
import { metricsRoutes, observeRequests } from './metrics-routes.ts';
import { requestSerializers } from './request-log.ts';
import { accountRoutes } from './api/account-routes.ts';
import { passwordResetRoutes } from './api/password-reset-routes.ts';
import { healthRoutes } from './api/health-routes.ts';
import { passkeyRoutes } from './api/passkey-routes.ts';
import { meRoutes } from './api/me-routes.ts';
import { oneTimeCodeRoutes } from './api/one-time-code-routes.ts';
import { operatorRoutes } from './api/operator-routes.ts';
import { smsReportRoutes } from './api/sms-report-routes.ts';
import { regionRoutes } from './api/region-routes.ts';
import { sessionRoutes } from './api/session-routes.ts';
import { keepAddressesOnly } from './forwarded-for.ts';
import { readDevice } from './device-cookie.ts';
import { responseFloor } from './response-floor.ts';
import type { HttpServices } from './services.ts';
import { sendProblem, type ProblemCode } from './problems.ts';
import { sendNotFoundPage, wantsPage, webRoutes } from './web/web-routes.ts';


// Every JSON body this API takes is a few short strings.
const BODY_LIMIT_BYTES = 16 * 1024;

/** Fastify's own client errors, as our stable codes. */
function codeForClientError(error: FastifyError): ProblemCode {
  if (error.statusCode === 413) return 'body_too_large';
  if (error.statusCode === 415) return 'unsupported_media_type';
  if (error.statusCode === 404) return 'not_found';
  if (error.code?.startsWith('FST_ERR_CTP_') || error.code === 'FST_ERR_PROTO_POISONING' || error instanceof SyntaxError) return 'invalid_json';
  if (error.statusCode === 400) return 'bad_request';
  return 'validation_failed';
}

export type { HttpServices } from './services.ts';

export function buildServer(services: HttpServices, logger: Logger): FastifyInstance {
  const server = Fastify({
    // Here rather than where the logger is made, so every logger handed in (tests' too) gets
    // it: the request line holds URLs, and their queries can carry tokens and signatures.
    loggerInstance: logger.child({}, { serializers: requestSerializers }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // The client IP used for limits comes from the socket. X-Forwarded-For is believed only
    // from the proxies TRUST_PROXY names, or any client could pick a fresh IP per request.
    trustProxy: services.config.trustProxy.length > 0 ? [...services.config.trustProxy] : false,
    // Errors raised before routing (a URL that is not valid percent-encoding) get problem+json too.
    frameworkErrors: (_error, request, reply) => void sendProblem(request, reply, 'bad_request'),
  });

  if (services.config.trustProxy.length > 0) server.addHook('onRequest', async (request) => keepAddressesOnly(request.raw.headers));

  // The API speaks JSON only; Fastify's plain-text parser would hand handlers a string.
  server.removeContentTypeParser('text/plain');

  server.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendProblem(request, reply, codeForClientError(error));
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'internal');
  });
  server.setNotFoundHandler((request, reply) =>
    wantsPage(request) ? sendNotFoundPage(services, request, reply) : sendProblem(request, reply, 'not_found'),
  );

  server.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // Answers carry tokens and personal data: no cache, shared or private, may keep them.
    if (request.url.startsWith('/api/')) {
      // JSON is never a document: nothing may run in it or frame it, should a browser render it.
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      reply.header('x-frame-options', 'DENY');
      if (!request.url.startsWith('/api/v1/regions')) reply.header('cache-control', 'no-store');
    }
  });

  server.decorateRequest('session', null);
  // Read once per request: the limits give a browser the holder signed in on its own allowance.
  server.decorateRequest('deviceId', undefined);
  server.addHook('onRequest', async (request) => {
    request.deviceId = readDevice(request, services.config);
  });
  // Code requests and code sign-ins leave no sooner than the floor, match or miss (their routes say so).
  server.addHook('onSend', responseFloor(services.config.codeRequestMinMs));

  observeRequests(server, services.metrics);
  server.register(healthRoutes(services));
  server.register(metricsRoutes(services.metrics, services.config.metricsToken));
  server.register(accountRoutes(services), { prefix: '/api/v1' });
  server.register(passwordResetRoutes(services), { prefix: '/api/v1' });
  server.register(sessionRoutes(services), { prefix: '/api/v1' });
  server.register(meRoutes(services), { prefix: '/api/v1' });
  server.register(passkeyRoutes(services), { prefix: '/api/v1' });
  server.register(regionRoutes(services), { prefix: '/api/v1' });
  server.register(oneTimeCodeRoutes(services), { prefix: '/api/v1' });
  server.register(smsReportRoutes(services), { prefix: '/api/v1' });
  server.register(operatorRoutes(services), { prefix: '/api/v1' });
  // OpenID Connect: discovery, authorization, token, userinfo, JWKS, sign-out (oidc-provider).
  server.register(oidcRoutes(services.oidc.provider, services.config.publicUrl));
  // The pages, the development inbox (with SMS_TRANSPORT=dev) and their assets.
  server.register(webRoutes(services));
  return server;
}
