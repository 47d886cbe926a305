import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { constantTimeEqual } from '../../lib/secrets.ts';
import { sendProblem } from '../problems.ts';
import type { HttpServices } from '../services.ts';
import { apiSchema } from './route-schema.ts';

export interface OperatorServices {
  readonly deliveryStats: HttpServices['deliveryStats'];
  readonly config: { readonly sms: { readonly operatorToken: string | undefined } };
  readonly clock: { now(): number };
}

const query = z.object({ hours: z.coerce.number().int().min(1).max(24 * 90).default(24) });
// Null while no text of the group has a status past queued.
const latency = z.object({ avg: z.number(), p50: z.number(), p95: z.number(), max: z.number() }).nullable();
const stats = z.object({
  since: z.string().meta({ format: 'date-time' }),
  total: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  byTransportAndStatus: z.array(z.object({ transport: z.string().nullable().meta({ description: 'Null for a text no transport took yet.' }), status: z.string(), count: z.number().int(), latencyMs: latency })),
});

/**
 * For the people who run the service, behind OPERATOR_TOKEN: how texts fare, by status and
 * transport, with their latency from queued to their latest status. Absent (404) when no
 * token is set, so an unconfigured service shows no operator surface at all.
 */
export const operatorRoutes = (s: OperatorServices): FastifyPluginAsync => async (app) => {
  const token = s.config.sms.operatorToken;
  if (token === undefined) return;

  app.get('/operator/sms', {
    schema: apiSchema({
      summary: 'How texts fare',
      description: 'Only when `OPERATOR_TOKEN` is set (404 otherwise): texts of the last `hours`, by status and by transport and status, with latency from queued to the latest status.',
      tags: ['operator'],
      security: 'operator',
      querystring: query,
      responses: { 200: { description: 'Counts and latencies.', body: stats } },
      problems: ['unauthenticated', 'validation_failed'],
    }),
  }, async (request, reply) => {
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
