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

/** Prometheus text format; behind a bearer token when METRICS_TOKEN is set. */
export const metricsRoutes = (metrics: Metrics, token: string | undefined): FastifyPluginAsync => async (app) => {
  app.get('/metrics', async (request, reply) => {
    if (token !== undefined) {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!constantTimeEqual(given, token)) return sendProblem(request, reply, 'unauthenticated');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
