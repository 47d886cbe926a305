import type { FastifyRequest } from 'fastify';

/**
 * Query parameters whose values may be logged: nothing secret or personal, and useful when
 * reading a log. Every other value is written as `[redacted]`. An allowlist rather than a list
 * of secrets, because queries do carry them (a website's `id_token_hint` at sign-out, the `t`
 * signature of a delivery-report URL, `code` and `state` in OpenID Connect, a number in `to` on
 * the dev inbox), and a parameter a route or oidc-provider starts to take later stays out of the
 * log until someone decides its value is harmless. Names stay, so a log still shows the call.
 */
const SHOWN = new Set([
  // OpenID Connect authorization requests: which website, and what it asked for.
  'client_id',
  'response_type',
  'response_mode',
  'scope',
  'prompt',
  'max_age',
  'ui_locales',
  'code_challenge_method',
  // Delivery reports: which message and attempt (their signature `t` is not shown), Kannel's status.
  'm',
  'a',
  'status',
  // Our pages and the operator view.
  'reason',
  'change',
  'sent',
  'via',
  'reset',
  'removed',
  'verified',
  'limit',
  'hours',
]);

export const REDACTED = '[redacted]';

/** A request URL as the log may hold it: the path, and the query with unlisted values redacted. */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      // A bare word is no parameter of ours: it may be a token pasted in the wrong place.
      if (equals === -1) return REDACTED;
      const name = pair.slice(0, equals);
      return SHOWN.has(decodeName(name)) ? pair : `${name}=${REDACTED}`;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

const decodeName = (name: string): string => {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
};

/**
 * Fastify's own `req` serializer (its "incoming request" line at info level), with the URL
 * redacted as above; headers stay out, as in Fastify's, since they carry bearer tokens and cookies.
 */
export const requestSerializers = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};
