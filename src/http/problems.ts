import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale } from '../i18n/locale.ts';
import { messages } from '../i18n/messages.ts';
import type { Catalogue } from '../i18n/messages.ts';

export type ProblemCode = keyof Catalogue['problems'];

/**
 * The one table from a stable error code to its HTTP status. The code is also the
 * problem+json `code`, the last part of its `type`, and the translation key.
 */
export const problemStatus: Readonly<Record<ProblemCode, number>> = {
  bad_request: 400,
  invalid_json: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  email_invalid: 422,
  email_confusable: 422,
  email_mismatch: 422,
  email_unchanged: 422,
  email_taken: 409,
  password_too_short: 422,
  password_too_long: 422,
  password_too_common: 422,
  password_invalid: 422,
  credentials_invalid: 401,
  unauthenticated: 401,
  region_unsupported: 422,
  number_invalid: 422,
  phone_limit_reached: 409,
  phone_exists: 409,
  phone_not_found: 404,
  phone_already_verified: 409,
  session_not_found: 404,
  website_not_found: 404,
  verification_code_invalid: 422,
  reauthentication_required: 403,
  email_unverified: 403,
  code_invalid: 401,
  passkey_invalid: 401,
  passkey_not_found: 404,
  passkey_rejected: 422,
  passkey_limit_reached: 409,
  rate_limited: 429,
  resend_too_soon: 429,
  proof_of_work_required: 429,
  not_found: 404,
  method_not_allowed: 405,
  internal: 500,
};

export interface ProblemExtras {
  readonly retryAfterSeconds?: number;
  /** With proof_of_work_required: the ALTCHA challenge to solve. */
  readonly altcha?: object;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** RFC 9457 problem details, in the language the client asked for. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ProblemCode, extras: ProblemExtras = {}): FastifyReply {
  const status = problemStatus[code];
  const text = messages(negotiateLocale(request.headers['accept-language'])).problems[code];
  if (extras.retryAfterSeconds !== undefined) reply.header('retry-after', String(extras.retryAfterSeconds));
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `urn:engangskod:problem:${code}`,
      title: text.title,
      status,
      detail: text.detail,
      code,
      ...extras,
    });
}
