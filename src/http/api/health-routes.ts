import type { FastifyPluginAsync } from 'fastify';
import type { HttpServices } from '../services.ts';

type Check = 'ok' | 'failing';

export const healthRoutes = (s: HttpServices): FastifyPluginAsync => async (app) => {
  /** Liveness: the process answers. Says nothing of its dependencies, so it never flaps with them. */
  app.get('/healthz', async () => ({ status: 'ok' }));

  /** Readiness: the database (and Redis, when configured) answer, so this instance can serve. */
  app.get('/readyz', async (request, reply) => {
    const probe = async (name: string, ping: () => Promise<void>): Promise<Check> => {
      try {
        await ping();
        return 'ok';
      } catch (error) {
        request.log.warn({ err: error, dependency: name }, 'readiness check failed');
        return 'failing';
      }
    };
    const checks: Record<string, Check> = {};
    for (const { name, ping } of s.readiness) checks[name] = await probe(name, ping);
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
};
