import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../domain/activity/activity-log.ts';

/**
 * Who is asking, as the activity log records it: the client IP (see TRUST_PROXY) and browser,
 * and the browser's device cookie id for the limits (never recorded).
 */
export const requestContext = (request: FastifyRequest): RequestContext => ({
  clientIp: request.ip,
  ...(request.deviceId === undefined ? {} : { deviceId: request.deviceId }),
  ...(typeof request.headers['user-agent'] === 'string' ? { userAgent: request.headers['user-agent'] } : {}),
});
