import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../metrics/metrics.ts';
import { constantTimeEqual } from '../lib/secrets.ts';
import { sendProblem } from './problems.ts';

/** Every response's latency, labelled by route pattern (never the raw URL: ids would explode the series). */
export function observeRequests(server: FastifyInstance, metrics: Metrics): void {
  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode === 429) metrics.limitHits.inc({ route });
  });
}

/**
 * Prometheus text format. With METRICS_TOKEN set it asks for the token and serves every series;
 * without it, only those that cannot tell whether a code request matched (process, HTTP, code
 * request and sign-in counts): the SMS series stay behind the token.
 */
export const metricsRoutes = (metrics: Metrics, token: string | undefined): FastifyPluginAsync => async (app) => {
  const all = metrics.all();
  app.get('/metrics', async (request, reply) => {
    if (token === undefined) return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!constantTimeEqual(given, token)) return sendProblem(request, reply, 'unauthenticated');
    return reply.type(all.contentType).send(await all.metrics());
  });
};
