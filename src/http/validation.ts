import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendProblem } from './problems.ts';

/** A string field with a ceiling, so no handler ever sees megabytes where a name belongs. */
export const text = (max: number) => z.string().max(max);

/**
 * Parses the body against the route's schema; on failure answers 422 with what was wrong
 * per field and returns undefined, so handlers read as `const body = parse(...); if (!body) return`.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  request: FastifyRequest,
  reply: FastifyReply,
): z.output<S> | undefined {
  const result = schema.safeParse(request.body ?? undefined);
  if (result.success) return result.data;
  void sendProblem(request, reply, 'validation_failed', {
    errors: result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(body)',
      message: issue.message,
    })),
  });
  return undefined;
}

/** Ids in paths are UUIDs; anything else cannot name a row and is simply not found. */
export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
