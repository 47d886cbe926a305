import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { AccountService } from '../domain/accounts/account-service.ts';
import type { ActivityLog } from '../domain/activity/activity-log.ts';
import type { SecurityInfoService } from '../domain/security-info/security-info-service.ts';
import type { SessionService } from '../domain/sessions/session-service.ts';
import type { CodeSignInService } from '../domain/sign-in/code-sign-in-service.ts';
import type { PasswordSignInService } from '../domain/sign-in/password-sign-in-service.ts';
import type { DevInboxStore } from '../sms/transports/dev-inbox-store.ts';
import type { DeliveryReports } from '../sms/delivery-reports.ts';
import type { ReportUrls } from '../sms/report-urls.ts';
import type { Clock } from '../lib/clock.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Oidc } from '../oidc/oidc.ts';
import { oidcRoutes } from './oidc-routes.ts';
import type { RedisConnection } from '../storage/redis/redis.ts';
import { metricsRoutes, observeRequests } from './metrics-routes.ts';
import { requestSerializers } from './request-log.ts';
import type { Storage } from '../storage/storage.ts';
import { accountRoutes } from './api/account-routes.ts';
import { healthRoutes } from './api/health-routes.ts';
import { meRoutes } from './api/me-routes.ts';
import { oneTimeCodeRoutes } from './api/one-time-code-routes.ts';
import { operatorRoutes } from './api/operator-routes.ts';
import { smsReportRoutes } from './api/sms-report-routes.ts';
import { regionRoutes } from './api/region-routes.ts';
import { sessionRoutes } from './api/session-routes.ts';
import { keepAddressesOnly } from './forwarded-for.ts';
import { sendProblem, type ProblemCode } from './problems.ts';
import { sendNotFoundPage, wantsPage, webRoutes } from './web/web-routes.ts';

export interface HttpServices {
  readonly config: Config;
  readonly storage: Storage;
  readonly sessions: SessionService;
  readonly activity: ActivityLog;
  readonly accounts: AccountService;
  readonly passwordSignIn: PasswordSignInService;
  readonly codeSignIn: CodeSignInService;
  readonly securityInfo: SecurityInfoService;
  readonly devInbox: DevInboxStore | undefined;
  readonly smsReports: DeliveryReports;
  readonly reportUrls: ReportUrls;
  readonly clock: Clock;
  readonly redis: RedisConnection | undefined;
  readonly metrics: Metrics;
  readonly oidc: Oidc;
}

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

  observeRequests(server, services.metrics);
  server.register(healthRoutes(services));
  server.register(metricsRoutes(services.metrics, services.config.metricsToken));
  server.register(accountRoutes(services), { prefix: '/api/v1' });
  server.register(sessionRoutes(services), { prefix: '/api/v1' });
  server.register(meRoutes(services), { prefix: '/api/v1' });
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
