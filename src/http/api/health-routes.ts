import type { FastifyPluginAsync } from 'fastify';
import type { HttpServices } from '../server.ts';

export const healthRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  /** Liveness: the process answers. Says nothing of its dependencies, so it never flaps with them. */
  app.get('/healthz', async () => ({ status: 'ok' }));

  /** Readiness: storage answers, so this instance can serve. */
  app.get('/readyz', async (request, reply) => {
    try {
      await s.storage.ping();
      return { status: 'ready', checks: { database: 'ok' } };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'not_ready', checks: { database: 'failing' } });
    }
  });
};
