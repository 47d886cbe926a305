import type { FastifySchema } from 'fastify';
import { z } from 'zod';
import { problemStatus, type ProblemCode } from '../problems.ts';

/**
 * How an /api/v1 route describes itself: its request (body, path parameters, query) and every
 * answer it gives, successes and problems. `apiSchema` turns that into the route's Fastify
 * `schema`, from which @fastify/swagger builds the OpenAPI document (see openapi.ts); the
 * handlers keep validating with the same Zod objects (parseBody), so the document and the
 * checks cannot drift apart. docs/api.md says how a new route uses it.
 */

/** Named schemas, listed once under `components.schemas` and referred to from the operations. */
export const components = z.registry<{ id: string }>();
const named = <S extends z.ZodType>(id: string, schema: S): S => {
  components.add(schema, { id });
  return schema;
};

const isoTime = () => z.string().meta({ format: 'date-time' });

export const allProblemCodes = Object.keys(problemStatus) as ProblemCode[];

/** RFC 9457 problem details, as sendProblem writes them. */
export const problemSchema = named(
  'Problem',
  z
    .object({
      type: z.string().meta({ description: '`urn:engangskod:problem:<code>`' }),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      code: z.enum(allProblemCodes as [ProblemCode, ...ProblemCode[]]).meta({ description: 'Stable: what clients act on (docs/api.md lists them).' }),
      retryAfterSeconds: z.number().int().optional().meta({ description: 'With 429: as the Retry-After header.' }),
      altcha: z
        .looseObject({ algorithm: z.string(), challenge: z.string(), salt: z.string(), signature: z.string(), maxnumber: z.number().int().optional() })
        .optional()
        .meta({ description: 'With proof_of_work_required: the ALTCHA challenge to solve.' }),
      errors: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'With validation_failed: what was wrong, per field.' }),
    })
    .meta({ description: 'RFC 9457 problem details; `code` is stable, `title` and `detail` follow Accept-Language.' }),
);

export const tokenSchema = named(
  'Token',
  z.object({
    token: z.string().meta({ description: 'The bearer token: 256 random bits, base64url.' }),
    expiresAt: isoTime().meta({ description: 'ISO 8601: the absolute end (the session also ends when idle).' }),
  }),
);

export const phoneSchema = named('Phone', z.object({ id: z.string(), region: z.string(), e164: z.string(), verified: z.boolean() }));

/** What a code request, a reset request and a sign-up answer: the same bytes for every outcome. */
export const codeSentSchema = named(
  'CodeSent',
  z.object({
    status: z.enum(['accepted', 'verification_sent']),
    message: z.string().meta({ description: 'For people, in the language of Accept-Language.' }),
    codeLength: z.number().int(),
    expiresInSeconds: z.number().int(),
  }),
);

export const sessionViewSchema = named(
  'SessionView',
  z.object({
    id: z.string(),
    browser: z.string().nullable(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    method: z.enum(['pwd', 'otp', 'hwk', 'swk']).meta({ description: 'RFC 8176: password, one-time code, passkey bound to a device or synced.' }),
    signedInAt: isoTime(),
    lastSeenAt: isoTime(),
    current: z.boolean(),
  }),
);

export const passkeySchema = named(
  'Passkey',
  z.object({
    id: z.string(),
    name: z.string(),
    createdAt: isoTime(),
    lastUsedAt: isoTime().nullable(),
    synced: z.boolean().meta({ description: "Synced between the holder's devices (backup eligible), or bound to one device." }),
  }),
);

export const activitySchema = named(
  'Activity',
  z.object({
    kind: z.string(),
    at: isoTime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    browser: z.string().nullable(),
    detail: z.record(z.string(), z.string()),
    count: z.number().int(),
    firstAt: isoTime().optional(),
    addresses: z.number().int().optional(),
  }),
);

export const websiteSchema = named(
  'Website',
  z.object({ clientId: z.string(), name: z.string(), scopes: z.array(z.string()), givenAt: isoTime(), expiresAt: isoTime() }),
);

/** A path id: a UUID names a row; anything else is simply not found (404, not 422). */
export const idParams = z.object({ id: z.string() });

interface Success {
  readonly description: string;
  /** The JSON body; none for 204 and the like. */
  readonly body?: z.ZodType;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: object }>>;
}

export interface ApiRoute {
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** `bearer`: a session token from a sign-in; `operator`: OPERATOR_TOKEN. */
  readonly security?: 'bearer' | 'operator';
  readonly body?: z.ZodType;
  /** Media types the body may come in; JSON when left out. */
  readonly consumes?: readonly string[];
  readonly params?: z.ZodObject;
  readonly querystring?: z.ZodObject;
  /** Every success status the route answers. */
  readonly responses: Readonly<Record<number, Success>>;
  /**
   * Every problem code the route itself answers; openapi.ts adds those any route can give
   * (a malformed or too large body, an unsupported media type, a bug).
   */
  readonly problems: readonly ProblemCode[];
}

/** JSON Schema (2020-12, as OpenAPI 3.1 takes it) of a Zod schema, named schemas referred to. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const converted = z.toJSONSchema(schema, { io, metadata: components, target: 'draft-2020-12', unrepresentable: 'throw' }) as Record<string, unknown>;
  delete converted.$schema;
  delete converted.$defs; // every one of them is a named schema, listed in components
  return JSON.parse(JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
}

/** `components.schemas` of the document. */
export function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(components, { io: 'output', target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Record<string, unknown>> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

// @fastify/swagger takes a header as its schema with a description beside the keywords.
const headersOf = (headers: Success['headers'] = {}) =>
  Object.keys(headers).length === 0 ? {} : { headers: Object.fromEntries(Object.entries(headers).map(([name, { description, schema }]) => [name, { ...schema, description }])) };

const problemHeaders = (status: number): Success['headers'] => ({
  ...(status === 429 ? { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } } : {}),
  ...(status === 401 ? { 'WWW-Authenticate': { description: '`Bearer`', schema: { type: 'string' } } } : {}),
});

/** The problem answers for these codes, one per status, each naming the codes it may carry. */
export function problemResponses(codes: readonly ProblemCode[]): Record<number, object> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const status = problemStatus[code];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      status,
      {
        description: `Problem: ${statusCodes.map((code) => `\`${code}\``).join(', ')}.`,
        ...headersOf(problemHeaders(status)),
        content: {
          [PROBLEM_MEDIA_TYPE]: {
            schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: statusCodes } } }] },
          },
        },
      },
    ]),
  );
}

/** The route's Fastify schema: what @fastify/swagger reads (see openapi.ts). */
export function apiSchema(route: ApiRoute): FastifySchema {
  const successes = Object.fromEntries(
    Object.entries(route.responses).map(([status, success]) => [
      status,
      success.body
        ? { description: success.description, ...headersOf(success.headers), content: { 'application/json': { schema: jsonSchema(success.body, 'output') } } }
        : { description: success.description, ...headersOf(success.headers), type: 'null' },
    ]),
  );
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    ...(route.security ? { security: [{ [route.security]: [] }] } : {}),
    ...(route.body ? { body: jsonSchema(route.body, 'input') } : {}),
    ...(route.consumes ? { consumes: [...route.consumes] } : {}),
    ...(route.params ? { params: jsonSchema(route.params, 'input') } : {}),
    ...(route.querystring ? { querystring: jsonSchema(route.querystring, 'input') } : {}),
    response: { ...successes, ...problemResponses(route.problems) },
  } as FastifySchema;
}
