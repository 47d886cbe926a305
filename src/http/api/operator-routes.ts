import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { constantTimeEqual } from '../../lib/secrets.ts';
import { sendProblem } from '../problems.ts';
import type { HttpServices } from '../services.ts';

export interface OperatorServices {
  readonly deliveryStats: HttpServices['deliveryStats'];
  readonly config: { readonly sms: { readonly operatorToken: string | undefined } };
  readonly clock: { now(): number };
}

const query = z.object({ hours: z.coerce.number().int().min(1).max(24 * 90).default(24) });

/**
 * For the people who run the service, behind OPERATOR_TOKEN: how texts fare, by status and
 * transport, with their latency from queued to their latest status. Absent (404) when no
 * token is set, so an unconfigured service shows no operator surface at all.
 */
export const operatorRoutes = (s: OperatorServices): FastifyPluginAsync => async (app) => {
  const token = s.config.sms.operatorToken;
  if (token === undefined) return;

  app.get('/operator/sms', async (request, reply) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!constantTimeEqual(given, token)) return sendProblem(request, reply, 'unauthenticated');
    const parsed = query.safeParse(request.query);
    if (!parsed.success) return sendProblem(request, reply, 'validation_failed');
    const since = s.clock.now() - parsed.data.hours * 3_600_000;
    const rows = await s.deliveryStats(since);
    const byStatus: Record<string, number> = {};
    for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + row.count;
    return {
      since: new Date(since).toISOString(),
      total: rows.reduce((sum, row) => sum + row.count, 0),
      byStatus,
      byTransportAndStatus: rows.map((row) => ({ transport: row.transport, status: row.status, count: row.count, latencyMs: row.latencyMs })),
    };
  });
};
