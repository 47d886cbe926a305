import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';

/**
 * The request as oidc-provider must see it: at PUBLIC_URL, from the client Fastify found.
 * The provider builds every URL it names (discovery's endpoints, redirects to our pages) from
 * the request's host and scheme; left to the Host header or X-Forwarded-*, anyone could make
 * it name theirs. So those headers are set here from PUBLIC_URL, and the client address from
 * Fastify's own reading (which believes X-Forwarded-For only from TRUST_PROXY's proxies).
 */
export function asIssuerRequest(request: FastifyRequest, publicUrl: URL): IncomingMessage {
  const clientIp = request.ip;
  const headers = request.raw.headers;
  headers.host = publicUrl.host;
  headers['x-forwarded-host'] = publicUrl.host;
  headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
  headers['x-forwarded-for'] = clientIp;
  delete headers.forwarded;
  return request.raw;
}
